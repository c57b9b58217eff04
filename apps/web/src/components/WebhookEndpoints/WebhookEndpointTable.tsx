import { DAY, WEBHOOK_BREAKER_PERIOD, type WebhookDeliveryStatus } from '@lifeline/domain';
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconKey, IconPlayerPause, IconPlayerPlay, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '../../trpc.ts';
import { When } from '../When/When.tsx';

export type WebhookEndpoint = RouterOutputs['webhooks']['list']['endpoints'][number];

export const DELIVERY_STATUS_COLOURS: Record<WebhookDeliveryStatus, string> = {
  pending: 'blue',
  succeeded: 'green',
  failed: 'red',
};

export function DeliveryStatusBadge({ status }: { status: WebhookDeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={DELIVERY_STATUS_COLOURS[status]}>
      {t(`webhooks.status.${status}`)}
    </Badge>
  );
}

/** Enabled, or disabled and why: by an admin, or by the sender after failing for days. */
function EndpointState({ endpoint, now }: { endpoint: WebhookEndpoint; now: number }) {
  const { t } = useTranslation();
  if (endpoint.enabled) {
    return (
      <Stack gap={2} align="flex-start">
        <Badge miw="max-content" variant="light" color="green">
          {t('webhooks.state.enabled')}
        </Badge>
        {endpoint.failingSince !== null && (
          <Text size="xs" c="red">
            {t('webhooks.state.failingSince')} <When at={endpoint.failingSince} now={now} inherit />
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <Badge
        miw="max-content"
        variant="outline"
        color={endpoint.disabledReason === 'failing' ? 'red' : 'gray'}
      >
        {t('webhooks.state.disabled')}
      </Badge>
      <Text size="xs" c="dimmed">
        {t(`webhooks.state.reason.${endpoint.disabledReason ?? 'admin'}`, {
          days: WEBHOOK_BREAKER_PERIOD / DAY,
        })}
      </Text>
    </Stack>
  );
}

/**
 * The registered endpoints: address, what they receive, whether Lifeline sends to them, how
 * the last delivery went, and what an admin may do (test, pause or resume, rotate the secret).
 */
export function WebhookEndpointTable({
  endpoints,
  now,
  busyId,
  onSendTest,
  onToggle,
  onRotate,
}: {
  endpoints: readonly WebhookEndpoint[];
  now: number;
  busyId: string | null;
  onSendTest: (endpoint: WebhookEndpoint) => void;
  onToggle: (endpoint: WebhookEndpoint) => void;
  onRotate: (endpoint: WebhookEndpoint) => void;
}) {
  const { t } = useTranslation();
  if (endpoints.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('webhooks.endpoints.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" aria-label={t('webhooks.endpoints.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.columns.endpoint')}</Table.Th>
            <Table.Th>{t('webhooks.columns.types')}</Table.Th>
            <Table.Th>{t('webhooks.columns.state')}</Table.Th>
            <Table.Th>{t('webhooks.columns.lastDelivery')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('webhooks.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {endpoints.map((endpoint) => (
            <Table.Tr key={endpoint.id} data-endpoint={endpoint.id}>
              <Table.Td maw={320}>
                <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {endpoint.url}
                </Text>
                {endpoint.description && (
                  <Text size="xs" c="dimmed">
                    {endpoint.description}
                  </Text>
                )}
                {endpoint.previousSecretUntil !== null && endpoint.previousSecretUntil > now && (
                  <Text size="xs" c="orange">
                    {t('webhooks.endpoints.previousSecret')}{' '}
                    <When at={endpoint.previousSecretUntil} now={now} inherit />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" lh={1.5}>
                  {endpoint.eventTypes.map((type) => t(`webhooks.types.${type}`)).join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>
                <EndpointState endpoint={endpoint} now={now} />
              </Table.Td>
              <Table.Td>
                {endpoint.lastDelivery === null ? (
                  <Text size="sm" c="dimmed">
                    {t('webhooks.endpoints.never')}
                  </Text>
                ) : (
                  <Stack gap={2} align="flex-start">
                    <Group gap={6} wrap="nowrap">
                      <DeliveryStatusBadge status={endpoint.lastDelivery.status} />
                      {endpoint.lastDelivery.statusCode !== null && (
                        <Text size="xs" ff="monospace">
                          {endpoint.lastDelivery.statusCode}
                        </Text>
                      )}
                    </Group>
                    <When at={endpoint.lastDelivery.at} now={now} size="xs" c="dimmed" />
                  </Stack>
                )}
              </Table.Td>
              <Table.Td>
                {/* Plain buttons, not a menu: each reachable with Tab, named with its endpoint. */}
                <Stack gap={4} align="flex-end">
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconSend size={14} />}
                    disabled={!endpoint.enabled}
                    loading={busyId === endpoint.id}
                    onClick={() => onSendTest(endpoint)}
                    aria-label={t('webhooks.actions.sendTestFor', { url: endpoint.url })}
                  >
                    {t('webhooks.actions.sendTest')}
                  </Button>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="default"
                      leftSection={
                        endpoint.enabled ? (
                          <IconPlayerPause size={12} />
                        ) : (
                          <IconPlayerPlay size={12} />
                        )
                      }
                      onClick={() => onToggle(endpoint)}
                      aria-label={t(
                        endpoint.enabled
                          ? 'webhooks.actions.disableFor'
                          : 'webhooks.actions.enableFor',
                        { url: endpoint.url },
                      )}
                    >
                      {endpoint.enabled
                        ? t('webhooks.actions.disable')
                        : t('webhooks.actions.enable')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      leftSection={<IconKey size={12} />}
                      onClick={() => onRotate(endpoint)}
                      aria-label={t('webhooks.actions.rotateFor', { url: endpoint.url })}
                    >
                      {t('webhooks.actions.rotate')}
                    </Button>
                  </Group>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
