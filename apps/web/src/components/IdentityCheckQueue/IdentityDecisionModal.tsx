import { INPUT_LIMITS } from '@lifeline/api/schemas';
import {
  Alert,
  Button,
  DataList,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterInputs } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';
import { When } from '../When/When.tsx';
import { type Decision, type IdentityCheckItem, SlaBadge } from './IdentityCheckQueue.tsx';

export interface DecisionTarget {
  item: IdentityCheckItem;
  decision: Decision;
}

/**
 * Confirms an identity-check decision and says what it does (lift the block or not, who is
 * emailed). Ticket reference and note are required, as the server requires them.
 */
export function IdentityDecisionModal({
  target,
  now,
  defaultTicket,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  target: DecisionTarget | null;
  now: number;
  defaultTicket?: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: Pick<RouterInputs['identityChecks']['decide'], 'note' | 'ticketRef'>) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [ticketRef, setTicketRef] = useState(defaultTicket ?? '');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (target) {
      setNote('');
      setTouched(false);
    }
  }, [target]);
  if (!target) return null;

  const { item, decision } = target;
  const approve = decision === 'approve';
  const ticketMissing = ticketRef.trim() === '';
  const noteMissing = note.trim() === '';
  const account = item.ownerIdentifier ?? item.accountId;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (ticketMissing || noteMissing) return;
    onSubmit({ note: note.trim(), ticketRef: ticketRef.trim() });
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        approve ? t('identityChecks.modal.approveTitle') : t('identityChecks.modal.rejectTitle')
      }
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <DataList size="sm" gap={4} labelWidth={150}>
            <DataList.Item>
              <DataList.ItemLabel>{t('lead.account')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {account}{' '}
                <Text span c="dimmed" ff="monospace" inherit>
                  ({item.accountId})
                </Text>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('identityChecks.columns.submitted')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <When at={item.submittedAt} now={now} size="sm" />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('identityChecks.columns.due')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <SlaBadge dueAt={item.dueAt} now={now} />
              </DataList.ItemValue>
            </DataList.Item>
          </DataList>
          <Alert color={approve ? 'green' : 'orange'} variant="light">
            {approve
              ? t('identityChecks.modal.approveEffect', { account })
              : t('identityChecks.modal.rejectEffect', { account })}
          </Alert>
          <TextInput
            label={t('identityChecks.modal.ticket')}
            required
            maxLength={INPUT_LIMITS.ticketRef}
            value={ticketRef}
            onChange={(e) => setTicketRef(e.currentTarget.value)}
            error={touched && ticketMissing ? t('identityChecks.modal.ticketRequired') : undefined}
            data-autofocus={ticketRef === '' || undefined}
          />
          <Textarea
            label={t('identityChecks.modal.note')}
            description={t('identityChecks.modal.noteHint')}
            required
            rows={3}
            maxLength={INPUT_LIMITS.note}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={touched && noteMissing ? t('identityChecks.modal.noteRequired') : undefined}
            data-autofocus={ticketRef !== '' || undefined}
          />
          {error ? <RefusalAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={approve ? 'green' : 'red'} loading={pending}>
              {approve
                ? t('identityChecks.modal.submitApprove')
                : t('identityChecks.modal.submitReject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
