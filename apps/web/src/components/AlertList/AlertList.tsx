import { Anchor, Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { IconLock, IconUserExclamation, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { AccountLink } from '../AuditTable/AuditTable.tsx';
import { When } from '../When/When.tsx';

export type AlertItem = RouterOutputs['alerts']['list']['items'][number];

function StateBadge({ until, now }: { until: number; now: number }) {
  const { t } = useTranslation();
  const active = until > now;
  return (
    <Badge miw="max-content" color={active ? 'red' : 'gray'} variant={active ? 'light' : 'outline'}>
      {active ? t('alerts.active') : t('alerts.expired')}
    </Badge>
  );
}

function Failures({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Text size="sm">
      {t('alerts.failures', { count, value: formatNumber(count, i18n.language) })}
    </Text>
  );
}

/**
 * Lead alerts (SPEC §5): accounts whose verification is locked after 3 failures, and staff
 * members throttled after 10, each with when it ends. `now` is the same clock as "until".
 */
export function AlertList({ items, now }: { items: readonly AlertItem[]; now: number }) {
  const { t } = useTranslation();
  const locks = items.filter((item) => item.kind === 'verification_locked');
  const throttled = items.filter((item) => item.kind === 'staff_throttled');
  // Only admins are sent these (theirs to fix): the card shows when there are some.
  const stoppedEndpoints = items.filter((item) => item.kind === 'webhook_endpoint_disabled');
  return (
    <>
      {stoppedEndpoints.length > 0 && (
        <Card>
          <Group gap="xs" mb="sm">
            <IconWebhook size={18} aria-hidden />
            <Title order={3} size="h4">
              {t('alerts.webhooks.title')}
            </Title>
            <Badge miw="max-content" variant="light" color="red">
              {stoppedEndpoints.length}
            </Badge>
            <Anchor component={Link} to="/webhooks" size="sm" ml="auto">
              {t('alerts.webhooks.open')}
            </Anchor>
          </Group>
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('alerts.webhooks.endpoint')}</Table.Th>
                  <Table.Th>{t('alerts.columns.raised')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stoppedEndpoints.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {item.webhookEndpoint?.url ?? item.webhookEndpoint?.endpointId ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <When at={item.raisedAt} now={now} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Card>
        <Group gap="xs" mb="sm">
          <IconLock size={18} aria-hidden />
          <Title order={3} size="h4">
            {t('alerts.locks.title')}
          </Title>
          <Badge miw="max-content" variant="light" color={locks.length > 0 ? 'red' : 'gray'}>
            {locks.length}
          </Badge>
        </Group>
        {locks.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('alerts.locks.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('lead.account')}</Table.Th>
                  <Table.Th>{t('alerts.columns.failures')}</Table.Th>
                  <Table.Th>{t('alerts.columns.raised')}</Table.Th>
                  <Table.Th>{t('alerts.locks.until')}</Table.Th>
                  <Table.Th>{t('alerts.columns.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {locks.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {item.account?.ownerIdentifier ?? '—'}
                      </Text>
                      <AccountLink accountId={item.account?.accountId ?? null} />
                    </Table.Td>
                    <Table.Td>
                      <Failures count={item.failures} />
                    </Table.Td>
                    <Table.Td>
                      <When at={item.raisedAt} now={now} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <When at={item.until} now={now} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <StateBadge until={item.until} now={now} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Card>
        <Group gap="xs" mb="sm">
          <IconUserExclamation size={18} aria-hidden />
          <Title order={3} size="h4">
            {t('alerts.throttled.title')}
          </Title>
          <Badge miw="max-content" variant="light" color={throttled.length > 0 ? 'red' : 'gray'}>
            {throttled.length}
          </Badge>
        </Group>
        {throttled.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('alerts.throttled.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('alerts.throttled.who')}</Table.Th>
                  <Table.Th>{t('alerts.columns.failures')}</Table.Th>
                  <Table.Th>{t('alerts.columns.raised')}</Table.Th>
                  <Table.Th>{t('alerts.throttled.until')}</Table.Th>
                  <Table.Th>{t('alerts.columns.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {throttled.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {item.staff?.displayName ?? item.staff?.staffId ?? '—'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.staff?.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Failures count={item.failures} />
                    </Table.Td>
                    <Table.Td>
                      <When at={item.raisedAt} now={now} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <When at={item.until} now={now} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <StateBadge until={item.until} now={now} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}
