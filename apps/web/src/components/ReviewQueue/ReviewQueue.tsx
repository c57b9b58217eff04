import { NEAR_PURGE_DAYS, type ReviewStatus } from '@lifeline/domain';
import {
  Badge,
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import type { RouterInputs, RouterOutputs } from '../../trpc.ts';
import { AccountLink } from '../AuditTable/AuditTable.tsx';
import { CoverageBar } from '../CoverageBar/CoverageBar.tsx';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { When } from '../When/When.tsx';

export type ReviewItem = RouterOutputs['reviews']['queue']['items'][number];
export type ReviewCoverageRow = RouterOutputs['reviews']['queue']['coverage'][number];
export type ReviewMark = RouterInputs['reviews']['mark']['status'];

const STATUS_COLOURS: Record<ReviewStatus, string> = {
  open: 'blue',
  reviewed_ok: 'green',
  concern: 'red',
};

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={STATUS_COLOURS[status]} variant="light">
      {t(`reviews.status.${status}`)}
    </Badge>
  );
}

/** Days left in the 120-day window when the account was reactivated: ≤ 7 is near the purge. */
export function DaysLeftBadge({ daysLeft }: { daysLeft: number }) {
  const { t } = useTranslation();
  return (
    <Badge
      miw="max-content"
      tt="none"
      color={daysLeft <= NEAR_PURGE_DAYS ? 'orange' : 'gray'}
      variant="light"
    >
      {t('lead.daysLeft', { count: daysLeft })}
    </Badge>
  );
}

/**
 * The reactivations a lead reviews (SPEC §8), open ones first. Each row says who reactivated
 * what, how the caller was verified and how close the purge was; the buttons ask for a mark.
 * A lead never reviews their own reactivation: the row says so instead of offering buttons.
 */
export function ReviewQueue({
  items,
  now,
  currentStaffId,
  canMark,
  onMark,
}: {
  items: readonly ReviewItem[];
  now: number;
  currentStaffId: string | undefined;
  canMark: boolean;
  onMark: (item: ReviewItem, status: ReviewMark) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reviews.columns.reactivated')}</Table.Th>
            <Table.Th>{t('reviews.columns.account')}</Table.Th>
            <Table.Th>{t('reviews.columns.verification')}</Table.Th>
            <Table.Th>{t('reviews.columns.reason')}</Table.Th>
            <Table.Th>{t('reviews.columns.status')}</Table.Th>
            <Table.Th>{t('reviews.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const own = item.agentId === currentStaffId;
            return (
              <Table.Tr key={item.id} data-status={item.status}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {item.agentName ?? item.agentId}
                  </Text>
                  <When at={item.reactivatedAt} now={now} size="xs" />
                </Table.Td>
                <Table.Td>
                  <AccountLink accountId={item.accountId} />
                  <Text size="xs" c="dimmed">
                    {t('lead.ticketColon')} <TicketRef ticketRef={item.ticketRef} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`lead.method.${item.verificationMethod}`)}</Text>
                  <When at={item.verifiedAt} now={now} relative={false} size="xs" c="dimmed" />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Text size="sm">{t(`lead.deactivationReason.${item.deactivationReason}`)}</Text>
                    <DaysLeftBadge daysLeft={item.daysLeft} />
                  </Stack>
                </Table.Td>
                <Table.Td maw={240}>
                  <Stack gap={4} align="flex-start">
                    <ReviewStatusBadge status={item.status} />
                    {item.reviewedAt !== null && (
                      <Text size="xs" c="dimmed">
                        {t('reviews.reviewedBy', {
                          name: item.reviewerName ?? item.reviewedBy ?? '—',
                        })}{' '}
                        <When at={item.reviewedAt} now={now} relative={false} size="xs" />
                      </Text>
                    )}
                    {item.note && (
                      <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                        “{item.note}”
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <ReviewActions item={item} own={own} canMark={canMark} onMark={onMark} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ReviewActions({
  item,
  own,
  canMark,
  onMark,
}: {
  item: ReviewItem;
  own: boolean;
  canMark: boolean;
  onMark: (item: ReviewItem, status: ReviewMark) => void;
}) {
  const { t } = useTranslation();
  if (item.status === 'reviewed_ok') return null;
  if (own) {
    return (
      <Text size="xs" c="dimmed" maw={200}>
        {t('reviews.own')}
      </Text>
    );
  }
  if (item.status === 'concern') {
    return (
      <Button
        size="compact-sm"
        variant="light"
        color="green"
        leftSection={<IconCheck size={14} />}
        disabled={!canMark}
        onClick={() => onMark(item, 'reviewed_ok')}
      >
        {t('reviews.settle')}
      </Button>
    );
  }
  return (
    <Stack gap={6} align="stretch" w="fit-content">
      <Button
        size="compact-sm"
        variant="light"
        color="green"
        leftSection={<IconCheck size={14} />}
        disabled={!canMark}
        onClick={() => onMark(item, 'reviewed_ok')}
      >
        {t('reviews.markOk')}
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        color="red"
        leftSection={<IconAlertTriangle size={14} />}
        disabled={!canMark}
        onClick={() => onMark(item, 'concern')}
      >
        {t('reviews.raiseConcern')}
      </Button>
    </Stack>
  );
}

/** Review coverage per agent: the share of their reactivations a lead has looked at. */
export function ReviewCoverage({ rows }: { rows: readonly ReviewCoverageRow[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('reviews.coverage.title')}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reviews.empty')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} spacing="sm">
          {rows.map((row) => (
            <Paper key={row.agentId} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Text size="sm" fw={600} truncate>
                  {row.agentName ?? row.agentId}
                </Text>
                {row.openConcerns > 0 && (
                  <Badge miw="max-content" color="red" variant="light" size="sm">
                    {t('reviews.coverage.concerns', {
                      count: row.openConcerns,
                      value: formatNumber(row.openConcerns, i18n.language),
                    })}
                  </Badge>
                )}
              </Group>
              <CoverageBar reviewed={row.reviewed} total={row.total} coverage={row.coverage} />
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}
