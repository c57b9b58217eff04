import type { AuditOutcome } from '@lifeline/domain';
import {
  ActionIcon,
  Anchor,
  Badge,
  Code,
  DataList,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { actorLabel } from '../../lib/actor.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { When } from '../When/When.tsx';
import { AuditDetails } from './AuditDetails.tsx';

export type AuditItem = RouterOutputs['audit']['list']['items'][number];

const OUTCOME_COLOURS: Record<AuditOutcome, { color: string; variant: 'light' | 'filled' }> = {
  succeeded: { color: 'green', variant: 'light' },
  passed: { color: 'teal', variant: 'light' },
  refused: { color: 'orange', variant: 'light' },
  failed: { color: 'red', variant: 'light' },
  locked: { color: 'red', variant: 'filled' },
};

/** An event's outcome in words (a refusal with its stable reason), never colour alone. */
export function OutcomeBadge({ outcome, reason }: { outcome: string; reason?: string | null }) {
  const { t } = useTranslation();
  const look = OUTCOME_COLOURS[outcome as AuditOutcome] ?? { color: 'gray', variant: 'light' };
  return (
    <Stack gap={2} align="flex-start">
      <Badge miw="max-content" color={look.color} variant={look.variant}>
        {t(`audit.outcome.${outcome}`, { defaultValue: outcome })}
      </Badge>
      {reason && (
        <Tooltip label={t(`reason.${reason}`, { defaultValue: reason })} multiline w={260}>
          <Text size="xs" c="dimmed" ff="monospace" tabIndex={0}>
            {reason}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}

export function AccountLink({ accountId }: { accountId: string | null }) {
  const { t } = useTranslation();
  if (!accountId) return <Text c="dimmed">—</Text>;
  return (
    <Anchor
      component={Link}
      to={`/accounts/${accountId}`}
      ff="monospace"
      size="sm"
      aria-label={t('lead.openAccount', { accountId })}
    >
      {accountId}
    </Anchor>
  );
}

/**
 * The audit log, newest first, one row per event; a row opens to show its details in words
 * (before → after of changed fields) with the raw JSON underneath.
 */
export function AuditTable({ items, now }: { items: readonly AuditItem[]; now: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <VisuallyHidden>{t('audit.columns.details')}</VisuallyHidden>
            </Table.Th>
            <Table.Th>{t('audit.columns.when')}</Table.Th>
            <Table.Th>{t('audit.columns.staff')}</Table.Th>
            <Table.Th>{t('audit.columns.action')}</Table.Th>
            <Table.Th>{t('audit.columns.outcome')}</Table.Th>
            <Table.Th>{t('audit.columns.account')}</Table.Th>
            <Table.Th>{t('audit.columns.ticket')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const expanded = open.has(item.id);
            const detailsId = `audit-event-${item.id}`;
            return (
              <Fragment key={item.id}>
                <Table.Tr
                  onClick={() => toggle(item.id)}
                  style={{ cursor: 'pointer' }}
                  data-expanded={expanded || undefined}
                >
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      aria-label={t(expanded ? 'audit.collapse' : 'audit.expand', {
                        id: item.id,
                      })}
                      onClick={(event) => {
                        event.stopPropagation();
                        toggle(item.id);
                      }}
                    >
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <When at={item.at} now={now} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{actorLabel(item.staffId, item.staffName, t)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {t(`audit.action.${item.action}`, { defaultValue: item.action })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <OutcomeBadge outcome={item.outcome} reason={item.reason} />
                  </Table.Td>
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <AccountLink accountId={item.accountId} />
                  </Table.Td>
                  {/* Following the ticket's link does not also open the row. */}
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {item.ticketRef === null ? '—' : <TicketRef ticketRef={item.ticketRef} />}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailsId}>
                    <Table.Td />
                    <Table.Td colSpan={6}>
                      <AuditEventPanel item={item} now={now} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AuditEventPanel({ item, now }: { item: AuditItem; now: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" py="xs">
      <DataList size="sm" gap={4} labelWidth={140}>
        <DataList.Item>
          <DataList.ItemLabel>{t('audit.event')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Group gap="xs">
              <Code>#{item.id}</Code>
              <When at={item.at} now={now} size="sm" />
            </Group>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('audit.columns.staff')}</DataList.ItemLabel>
          <DataList.ItemValue>
            {`${actorLabel(item.staffId, item.staffName, t)} · `}
            <Code>{item.staffId}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        {item.reason && (
          <DataList.Item>
            <DataList.ItemLabel>{t('audit.reason')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{item.reason}</Code> {t(`reason.${item.reason}`, { defaultValue: '' })}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        {item.loginId && (
          <DataList.Item>
            <DataList.ItemLabel>{t('audit.login')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{item.loginId}</Code>
            </DataList.ItemValue>
          </DataList.Item>
        )}
        {item.verificationId && (
          <DataList.Item>
            <DataList.ItemLabel>{t('audit.verification')}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Code>{item.verificationId}</Code>
            </DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>
      <AuditDetails details={item.details} />
    </Stack>
  );
}
