import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconClock, IconX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RouterInputs, RouterOutputs } from '../../trpc.ts';
import { AccountLink } from '../AuditTable/AuditTable.tsx';
import { When } from '../When/When.tsx';

export type IdentityCheckItem = RouterOutputs['identityChecks']['queue']['items'][number];
export type Decision = RouterInputs['identityChecks']['decide']['decision'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Under this much time left, a check is flagged orange: someone should pick it up now. */
export const SLA_SOON = 6 * HOUR;

export type SlaLevel = 'overdue' | 'soon' | 'ok' | 'waiting';

/** Where a check stands against its 48-hour promise (SPEC §3), and by how much. */
export function slaOf(dueAt: number | null, now: number): { level: SlaLevel; ms: number } {
  if (dueAt === null) return { level: 'waiting', ms: 0 };
  const left = dueAt - now;
  if (left <= 0) return { level: 'overdue', ms: -left };
  return { level: left < SLA_SOON ? 'soon' : 'ok', ms: left };
}

/** "18 h", "45 min", "2 d 5 h": rounded down, so time left is never overstated. */
export function formatDuration(ms: number, t: TFunction): string {
  if (ms < HOUR)
    return t('identityChecks.duration.minutes', { count: Math.max(1, Math.floor(ms / MINUTE)) });
  const hours = Math.floor(ms / HOUR);
  if (hours < 48) return t('identityChecks.duration.hours', { count: hours });
  return t('identityChecks.duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** Submitted checks by due time (earliest first), then those still waiting for documents. */
export function sortByDue(items: readonly IdentityCheckItem[]): IdentityCheckItem[] {
  return [...items].sort((a, b) => {
    if (a.dueAt !== null && b.dueAt !== null) return a.dueAt - b.dueAt;
    if (a.dueAt !== null) return -1;
    if (b.dueAt !== null) return 1;
    return (a.blockPlacedAt ?? 0) - (b.blockPlacedAt ?? 0);
  });
}

const SLA_COLOURS: Record<SlaLevel, string> = {
  overdue: 'red',
  soon: 'orange',
  ok: 'green',
  waiting: 'gray',
};

export function SlaBadge({ dueAt, now }: { dueAt: number | null; now: number }) {
  const { t } = useTranslation();
  const sla = slaOf(dueAt, now);
  const text =
    sla.level === 'waiting'
      ? t('identityChecks.sla.waiting')
      : t(`identityChecks.sla.${sla.level}`, { duration: formatDuration(sla.ms, t) });
  return (
    <Badge
      miw="max-content"
      tt="none"
      color={SLA_COLOURS[sla.level]}
      variant={sla.level === 'overdue' ? 'filled' : 'light'}
      leftSection={<IconClock size={12} />}
      data-sla={sla.level}
    >
      {text}
    </Badge>
  );
}

/**
 * The identity checks leads decide (SPEC §15), by due time with SLA badges. Only submitted
 * checks can be decided; the others wait for the customer's documents.
 */
export function IdentityCheckQueue({
  items,
  now,
  canDecide,
  onDecide,
}: {
  items: readonly IdentityCheckItem[];
  now: number;
  canDecide: boolean;
  onDecide: (item: IdentityCheckItem, decision: Decision) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('identityChecks.columns.due')}</Table.Th>
            <Table.Th>{t('identityChecks.columns.account')}</Table.Th>
            <Table.Th>{t('identityChecks.columns.submitted')}</Table.Th>
            <Table.Th>{t('identityChecks.columns.status')}</Table.Th>
            <Table.Th>{t('identityChecks.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sortByDue(items).map((item) => (
            <Table.Tr key={item.checkId} data-check={item.checkId}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <SlaBadge dueAt={item.dueAt} now={now} />
                  {item.dueAt !== null && (
                    <When at={item.dueAt} now={now} relative={false} size="xs" c="dimmed" />
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {item.ownerIdentifier ?? '—'}
                </Text>
                <AccountLink accountId={item.accountId} />
              </Table.Td>
              <Table.Td>
                {item.submittedAt !== null ? (
                  <When at={item.submittedAt} now={now} size="sm" />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('identityChecks.blockedSince')}{' '}
                    <When at={item.blockPlacedAt} now={now} size="sm" />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge
                  miw="max-content"
                  color={item.status === 'submitted' ? 'blue' : 'gray'}
                  variant="light"
                >
                  {t(`identityChecks.status.${item.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {item.status === 'submitted' ? (
                  // Side by side where there is room, one above the other at 1024 px.
                  <Group gap="xs">
                    <Button
                      size="compact-sm"
                      color="green"
                      variant="light"
                      leftSection={<IconCheck size={14} />}
                      disabled={!canDecide}
                      onClick={() => onDecide(item, 'approve')}
                    >
                      {t('identityChecks.approve')}
                    </Button>
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="light"
                      leftSection={<IconX size={14} />}
                      disabled={!canDecide}
                      onClick={() => onDecide(item, 'reject')}
                    >
                      {t('identityChecks.reject')}
                    </Button>
                  </Group>
                ) : (
                  <Text size="xs" c="dimmed" maw={220}>
                    {t('identityChecks.notSubmitted')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
