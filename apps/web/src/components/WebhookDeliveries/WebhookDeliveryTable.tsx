import { Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { DeliveryStatusBadge } from '../WebhookEndpoints/WebhookEndpointTable.tsx';
import { When } from '../When/When.tsx';

export type WebhookDelivery = RouterOutputs['webhooks']['deliveries']['items'][number];

/**
 * The delivery log, newest first: which event went where, how it went (status, tries, the
 * receiver's answer or the error, how long it took), when, when the next try is due, and a
 * replay (the same event again, same `webhook-id`) for a receiver that lost or mishandled it.
 */
export function WebhookDeliveryTable({
  items,
  now,
  showEndpoint,
  replayingId,
  canReplay,
  onReplay,
}: {
  items: readonly WebhookDelivery[];
  now: number;
  /** The endpoint column, when the log is not filtered to one endpoint. */
  showEndpoint: boolean;
  replayingId: string | null;
  canReplay: (delivery: WebhookDelivery) => boolean;
  onReplay: (delivery: WebhookDelivery) => void;
}) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('webhooks.deliveries.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" aria-label={t('webhooks.deliveries.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.columns.event')}</Table.Th>
            <Table.Th>{t('webhooks.columns.status')}</Table.Th>
            <Table.Th ta="end">{t('webhooks.columns.attempts')}</Table.Th>
            <Table.Th>{t('webhooks.columns.response')}</Table.Th>
            <Table.Th ta="end">{t('webhooks.columns.duration')}</Table.Th>
            <Table.Th>{t('webhooks.columns.time')}</Table.Th>
            <Table.Th>{t('webhooks.columns.nextTry')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('webhooks.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((delivery) => (
            <Table.Tr key={delivery.id} data-delivery={delivery.id}>
              <Table.Td maw={280}>
                <Text size="sm" fw={500}>
                  {t(`webhooks.types.${delivery.eventType}`)}
                </Text>
                <Text size="xs" ff="monospace" c="dimmed">
                  {delivery.eventId}
                </Text>
                {showEndpoint && (
                  <Text size="xs" ff="monospace" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {delivery.endpointUrl}
                  </Text>
                )}
                {delivery.replayOf !== null && (
                  <Text size="xs" c="dimmed">
                    {t('webhooks.deliveries.replay')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <DeliveryStatusBadge status={delivery.status} />
              </Table.Td>
              <Table.Td ta="end">
                <Text size="sm">{formatNumber(delivery.attempts, i18n.language)}</Text>
              </Table.Td>
              <Table.Td maw={220}>
                {delivery.lastStatusCode !== null && (
                  <Text size="sm" ff="monospace">
                    {delivery.lastStatusCode}
                  </Text>
                )}
                {delivery.lastError && (
                  <Text size="xs" c="red" lineClamp={2} title={delivery.lastError}>
                    {delivery.lastError}
                  </Text>
                )}
                {delivery.lastStatusCode === null && !delivery.lastError && (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="end">
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {delivery.lastDurationMs === null
                    ? '—'
                    : t('webhooks.deliveries.ms', {
                        value: formatNumber(delivery.lastDurationMs, i18n.language),
                      })}
                </Text>
              </Table.Td>
              <Table.Td>
                <When at={delivery.lastAttemptAt ?? delivery.createdAt} now={now} size="xs" />
              </Table.Td>
              <Table.Td>
                <When at={delivery.nextAttemptAt} now={now} size="xs" />
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconRepeat size={14} />}
                    loading={replayingId === delivery.id}
                    disabled={!canReplay(delivery)}
                    onClick={() => onReplay(delivery)}
                    aria-label={t('webhooks.actions.replayFor', {
                      type: t(`webhooks.types.${delivery.eventType}`),
                      id: delivery.eventId,
                    })}
                  >
                    {t('webhooks.actions.replay')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
