import { INPUT_LIMITS } from '@lifeline/api/schemas';
import { Button, DataList, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { When } from '../When/When.tsx';
import type { ReviewItem, ReviewMark } from './ReviewQueue.tsx';

export interface ReviewMarkTarget {
  item: ReviewItem;
  status: ReviewMark;
}

/** A concern must say what is wrong, and settling one must say how it was resolved. */
export function noteRequired(target: ReviewMarkTarget): boolean {
  return target.status === 'concern' || target.item.status === 'concern';
}

/** Confirms a review mark; the note is required for a concern (and for settling one). */
export function ReviewMarkModal({
  target,
  now,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  target: ReviewMarkTarget | null;
  now: number;
  pending: boolean;
  error: unknown;
  onSubmit: (note: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (target) {
      setNote('');
      setTouched(false);
    }
  }, [target]);
  if (!target) return null;

  const required = noteRequired(target);
  const settling = target.item.status === 'concern';
  const missing = required && note.trim() === '';
  const title =
    target.status === 'concern'
      ? t('reviews.modal.titleConcern')
      : settling
        ? t('reviews.modal.titleSettle')
        : t('reviews.modal.titleOk');

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (missing) return;
    onSubmit(note.trim());
  }

  const { item } = target;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <DataList size="sm" gap={4} labelWidth={160}>
            <DataList.Item>
              <DataList.ItemLabel>{t('lead.account')}</DataList.ItemLabel>
              <DataList.ItemValue ff="monospace">{item.accountId}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('lead.agent')}</DataList.ItemLabel>
              <DataList.ItemValue>{item.agentName ?? item.agentId}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('lead.ticket')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <TicketRef ticketRef={item.ticketRef} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('reviews.columns.verification')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {t(`lead.method.${item.verificationMethod}`)} ·{' '}
                <When at={item.verifiedAt} now={now} size="sm" />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('reviews.columns.reason')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {t(`lead.deactivationReason.${item.deactivationReason}`)} ·{' '}
                {t('lead.daysLeft', { count: item.daysLeft })}
              </DataList.ItemValue>
            </DataList.Item>
            {item.note && (
              <DataList.Item>
                <DataList.ItemLabel>{t('reviews.modal.previousNote')}</DataList.ItemLabel>
                <DataList.ItemValue>{item.note}</DataList.ItemValue>
              </DataList.Item>
            )}
          </DataList>
          <Text size="sm">
            {target.status === 'concern'
              ? t('reviews.modal.effectConcern')
              : settling
                ? t('reviews.modal.effectSettle')
                : t('reviews.modal.effectOk')}
          </Text>
          <Textarea
            label={required ? t('reviews.modal.note') : t('reviews.modal.noteOptional')}
            required={required}
            rows={3}
            maxLength={INPUT_LIMITS.note}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={
              touched && missing
                ? settling && target.status === 'reviewed_ok'
                  ? t('reviews.modal.noteSettleRequired')
                  : t('reviews.modal.noteRequired')
                : undefined
            }
            data-autofocus
          />
          {error ? <RefusalAlert error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={target.status === 'concern' ? 'red' : 'green'}
              loading={pending}
            >
              {target.status === 'concern'
                ? t('reviews.raiseConcern')
                : t('reviews.modal.submitOk')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
