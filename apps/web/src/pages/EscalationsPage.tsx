import { ESCALATION_OUTCOMES, type EscalationOutcome } from '@lifeline/domain';
import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../app/session.tsx';
import { AccountLink } from '../components/AuditTable/AuditTable.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { RefusalAlert } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { When } from '../components/When/When.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type Escalation = RouterOutputs['escalations']['queue']['items'][number];
const FILTERS = ['active', 'closed'] as const;
type Filter = (typeof FILTERS)[number];
const STATUS_COLOURS = { open: 'blue', taken: 'violet', closed: 'gray' } as const;

export default function EscalationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('escalations.title'));
  return (
    <RequireCapability capability="escalations.manage">
      <Escalations />
    </RequireCapability>
  );
}

/**
 * The leads' queue of cases agents handed over (issue 13): open and taken ones, oldest first.
 * A lead takes one (the second of two leads is told who has it) and closes it with an outcome.
 */
function Escalations() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter: Filter = params.get('status') === 'closed' ? 'closed' : 'active';
  const [closing, setClosing] = useState<Escalation | null>(null);
  const queue = useQuery(trpc.escalations.queue.queryOptions({ status: filter }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
  const take = useMutation(
    trpc.escalations.take.mutationOptions({
      onSuccess: () => notifications.show({ color: 'green', message: t('escalations.takenDone') }),
      onError: (error) =>
        notifications.show({ color: 'red', title: t('escalations.take'), message: error.message }),
      onSettled: refresh,
    }),
  );
  const close = useMutation(
    trpc.escalations.close.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('escalations.closed') });
        setClosing(null);
      },
      onSettled: refresh,
    }),
  );
  const items = queue.data?.items ?? [];
  const myId = me.data?.staff.id;

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('escalations.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('escalations.intro')}
        </Text>
      </div>
      <Group justify="flex-end">
        <SegmentedControl
          aria-label={t('escalations.filter.label')}
          value={filter}
          onChange={(value) => setParams(value === 'active' ? {} : { status: value })}
          data={FILTERS.map((value) => ({ value, label: t(`escalations.filter.${value}`) }))}
        />
      </Group>
      {queue.isPending || queue.isError ? (
        <QueryState query={queue} />
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {t(filter === 'closed' ? 'escalations.emptyClosed' : 'escalations.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" data-testid="escalation-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('escalations.columns.opened')}</Table.Th>
                <Table.Th>{t('escalations.columns.account')}</Table.Th>
                <Table.Th>{t('escalations.columns.reason')}</Table.Th>
                <Table.Th>{t('escalations.columns.status')}</Table.Th>
                <Table.Th>{t('escalations.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id} data-escalation={item.id}>
                  <Table.Td>
                    <When at={item.openedAt} now={now} />
                    <Text size="xs" c="dimmed">
                      {t('escalations.by', { name: item.openedByName ?? item.openedBy })} ·{' '}
                      {item.ticketRef}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {item.accountName || item.accountId}
                    </Text>
                    <AccountLink accountId={item.accountId} />
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text size="sm">{t(`escalations.reason.${item.reason}`)}</Text>
                    {item.note && (
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                        {item.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOURS[item.status]}>
                      {t(`escalations.status.${item.status}`)}
                    </Badge>
                    {item.takenByName && item.status === 'taken' && (
                      <Text size="xs" c="dimmed">
                        {item.takenByName}
                      </Text>
                    )}
                    {item.outcome && (
                      <Text size="xs">
                        {t(`escalations.outcome.${item.outcome}`)}
                        {item.closedByName ? ` · ${item.closedByName}` : ''}
                      </Text>
                    )}
                    {item.outcomeNote && (
                      <Text size="xs" c="dimmed">
                        {item.outcomeNote}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {item.status !== 'closed' && (
                      <Group gap="xs" wrap="nowrap">
                        {item.status === 'open' && (
                          <Button
                            size="xs"
                            loading={take.isPending && take.variables?.escalationId === item.id}
                            onClick={() => take.mutate({ escalationId: item.id })}
                          >
                            {t('escalations.take')}
                          </Button>
                        )}
                        {(item.status === 'open' || item.takenBy === myId) && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => {
                              close.reset();
                              setClosing(item);
                            }}
                          >
                            {t('escalations.close')}
                          </Button>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CloseModal
        escalation={closing}
        pending={close.isPending}
        error={close.error}
        onClose={() => setClosing(null)}
        onSubmit={(outcome, note) =>
          closing &&
          close.mutate({
            escalationId: closing.id,
            outcome,
            ...(note.trim() ? { note: note.trim() } : {}),
          })
        }
      />
    </Stack>
  );
}

function CloseModal({
  escalation,
  pending,
  error,
  onClose,
  onSubmit,
}: {
  escalation: Escalation | null;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (outcome: EscalationOutcome, note: string) => void;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<EscalationOutcome>('fixed');
  const [note, setNote] = useState('');
  return (
    <Modal opened={escalation !== null} onClose={onClose} title={t('escalations.closeTitle')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(outcome, note);
        }}
      >
        <Stack gap="sm">
          {escalation && (
            <Text size="sm">
              {escalation.accountName || escalation.accountId} ·{' '}
              {t(`escalations.reason.${escalation.reason}`)} · {escalation.ticketRef}
            </Text>
          )}
          <Select
            label={t('escalations.outcomeLabel')}
            data={ESCALATION_OUTCOMES.map((value) => ({
              value,
              label: t(`escalations.outcome.${value}`),
            }))}
            value={outcome}
            onChange={(value) => value && setOutcome(value as EscalationOutcome)}
            allowDeselect={false}
          />
          <Textarea
            label={t('escalations.outcomeNoteLabel')}
            description={t('escalations.outcomeNoteHint')}
            autosize
            minRows={3}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            data-autofocus
          />
          {error !== null && error !== undefined && <RefusalAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {t('escalations.confirmClose')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
