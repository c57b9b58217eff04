import type { EscalationReason } from '@lifeline/domain';
import { ESCALATION_REASONS } from '@lifeline/domain';
import { Badge, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowUpRight } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.ts';
import { newIdempotencyKey } from '../../lib/idempotency.ts';
import { useTRPC } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';

/**
 * "Escalate to a lead" (issue 13): the scripts that promise a team lead will look at the case
 * are kept by a real escalation in the leads' queue. Shows the open one instead of the button
 * when the account already has one, so two agents do not hand the same case over twice.
 */
export function EscalateButton({
  accountId,
  loginId,
  reason,
  ticketRef,
}: {
  accountId: string;
  loginId?: string | undefined;
  reason: EscalationReason;
  ticketRef: string;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [chosen, setChosen] = useState<EscalationReason>(reason);
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const existing = useQuery(trpc.escalations.forAccount.queryOptions({ accountId }));
  const open = useMutation(
    trpc.escalations.open.mutationOptions({
      onSuccess: (result) => {
        notifications.show(
          result.alreadyOpen
            ? {
                color: 'blue',
                title: t('escalations.alreadyOpen'),
                message: t('escalations.alreadyOpenMessage', {
                  time: formatTime(result.escalation.openedAt, i18n.language),
                  ticket: result.escalation.ticketRef,
                }),
              }
            : {
                color: 'green',
                title: t('escalations.done'),
                message: t('escalations.doneMessage', { ticket: result.escalation.ticketRef }),
              },
        );
        setOpened(false);
        setNote('');
        setKey(newIdempotencyKey());
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
    }),
  );
  const ticket = ticketRef.trim();
  const [active] = existing.data?.items ?? [];
  if (active) {
    return (
      <Badge variant="light" color="violet" tt="none" size="lg" data-testid="escalation-state">
        {active.status === 'taken' && active.takenByName
          ? t('escalations.taken', {
              name: active.takenByName,
              time: formatTime(active.takenAt, i18n.language),
            })
          : t('escalations.open', { time: formatTime(active.openedAt, i18n.language) })}
      </Badge>
    );
  }
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconArrowUpRight size={16} aria-hidden />}
        onClick={() => {
          open.reset();
          setChosen(reason);
          setOpened(true);
        }}
      >
        {t('escalations.escalate')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('escalations.modalTitle')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (ticket === '') return;
            open.mutate({
              accountId,
              ...(loginId ? { loginId } : {}),
              ticketRef: ticket,
              reason: chosen,
              ...(note.trim() ? { note: note.trim() } : {}),
              idempotencyKey: key,
            });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('escalations.modalIntro')}</Text>
            <Select
              label={t('escalations.reasonLabel')}
              data={ESCALATION_REASONS.map((value) => ({
                value,
                label: t(`escalations.reason.${value}`),
              }))}
              value={chosen}
              onChange={(value) => value && setChosen(value as EscalationReason)}
              allowDeselect={false}
            />
            <Textarea
              label={t('escalations.noteLabel')}
              placeholder={t('escalations.notePlaceholder')}
              autosize
              minRows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              data-autofocus
            />
            {ticket === '' && (
              <Text size="sm" c="red">
                {t('escalations.needsTicket')}
              </Text>
            )}
            {open.error && <RefusalAlert error={open.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={open.isPending} disabled={ticket === ''}>
                {t('escalations.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
