import { INPUT_LIMITS } from '@lifeline/api/schemas';
import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountState, ActionState, DiagnosedLogin, Finding } from '../../lib/actions.ts';
import { formatDate } from '../../lib/format.ts';
import { newIdempotencyKey } from '../../lib/idempotency.ts';
import { dataCounts } from '../FindingCard/FindingFacts.tsx';

/** One fix the agent asked for, with what the confirmation needs to say what it will do. */
export interface ActionRequest {
  state: ActionState;
  finding: Finding;
  /** The login acted on (detach, unlock, reset), when there is one. */
  login?: DiagnosedLogin;
  /** The account acted on: its status, version and masked owner email. */
  account?: AccountState;
  ticketRef: string;
}

export interface ConfirmInput {
  idempotencyKey: string;
  sendResetLink: boolean;
  note: string;
}

export interface ActionModalProps {
  request: ActionRequest | null;
  onClose: () => void;
  onConfirm: (request: ActionRequest, input: ConfirmInput) => Promise<unknown> | undefined;
  pending: boolean;
  /** What went wrong on the last try, in words; the modal stays open to retry. */
  error?: string | null;
  /** The reset-link limit refused the last try: no retry while a link is part of it. */
  resetLinkLimited?: boolean;
}

/** The consequences of an action in plain words, from the finding's facts (SPEC §15). */
export function useConsequences(request: ActionRequest, sendResetLink: boolean): string[] {
  const { t, i18n } = useTranslation();
  const { finding, login, account } = request;
  const kind = request.state.action.kind;
  const ownerEmail = account?.ownerEmail ?? '—';
  const identifier = login?.identifier ?? '—';
  const accountId = request.state.action.accountId ?? login?.accountId ?? '—';
  const date = (ms: number | null | undefined) => formatDate(ms, i18n.language);
  const lines: string[] = [];

  switch (kind) {
    case 'reactivate': {
      if (finding.code !== 'deactivated_reactivatable') break;
      const { facts } = finding;
      lines.push(
        facts.statusAfter === 'limited'
          ? t('lookup.modal.reactivate.statusLimited')
          : t('lookup.modal.reactivate.statusActive'),
      );
      // The plan the server says it comes back on, against the plan it has now.
      const plan = t(`lookup.plan.${facts.planAfter}`);
      lines.push(
        account?.plan === facts.planAfter
          ? t('lookup.modal.reactivate.planSame', { plan })
          : t('lookup.modal.reactivate.planChanged', { plan }),
      );
      lines.push(
        t('lookup.modal.reactivate.daysLeft', {
          count: facts.daysLeft,
          purgeAfter: date(facts.purgeAfter),
        }),
      );
      lines.push(t('lookup.modal.reactivate.restored', { counts: dataCounts(t, facts.restored) }));
      lines.push(t('lookup.modal.reactivate.email', { email: ownerEmail }));
      lines.push(t('lookup.modal.reactivate.review'));
      break;
    }
    case 'detach_team_member':
      lines.push(t('lookup.modal.detach.removed', { identifier, accountId }));
      lines.push(t('lookup.modal.detach.keeps', { identifier }));
      lines.push(t('lookup.modal.detach.email', { accountId, email: ownerEmail, identifier }));
      break;
    case 'unlock_login': {
      const permanent = finding.code === 'login_locked' && finding.facts.permanent;
      lines.push(t('lookup.modal.unlock.cleared', { identifier }));
      if (permanent) lines.push(t('lookup.modal.unlock.permanent'));
      lines.push(t('lookup.modal.unlock.email', { email: ownerEmail }));
      if (sendResetLink) {
        lines.push(
          t('lookup.modal.reset.sent', {
            sentTo: login?.verificationMethods.emailCodeSentTo ?? '—',
          }),
        );
      }
      break;
    }
    case 'send_password_reset':
      lines.push(
        t('lookup.modal.reset.sent', { sentTo: login?.verificationMethods.emailCodeSentTo ?? '—' }),
      );
      lines.push(t('lookup.modal.reset.once'));
      lines.push(t('lookup.modal.reset.nothingElse'));
      break;
    case 'lift_self_block':
      if (finding.code === 'self_block') {
        lines.push(t('lookup.modal.lift.self', { placedAt: date(finding.facts.placedAt) }));
      }
      lines.push(t('lookup.modal.lift.email', { email: ownerEmail }));
      break;
    case 'lift_identity_check_block':
      if (finding.code === 'identity_check_required') {
        lines.push(t('lookup.modal.lift.identity', { decidedAt: date(finding.facts.decidedAt) }));
      }
      lines.push(t('lookup.modal.lift.email', { email: ownerEmail }));
      break;
    case 'lift_suspicious_block':
      if (finding.code === 'suspicious_activity') {
        lines.push(t('lookup.modal.lift.suspicious', { placedAt: date(finding.facts.placedAt) }));
      }
      lines.push(t('lookup.modal.lift.noteWhy'));
      lines.push(t('lookup.modal.lift.email', { email: ownerEmail }));
      break;
    case 'decide_identity_check':
      break;
  }
  lines.push(t('lookup.modal.audit', { ticketRef: request.ticketRef.trim() }));
  return lines;
}

/**
 * The confirmation every action goes through. Its idempotency key is made when it opens and
 * kept for every retry, so a double click or a resend after a dropped answer acts once.
 */
export function ActionModal({
  request,
  onClose,
  onConfirm,
  pending,
  error,
  resetLinkLimited,
}: ActionModalProps) {
  const { t } = useTranslation();
  const kind = request?.state.action.kind;
  return (
    <Modal
      opened={request !== null}
      onClose={onClose}
      title={kind ? t(`lookup.modal.title.${kind}`) : ''}
      size="lg"
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
      closeOnClickOutside={!pending}
      closeOnEscape={!pending}
    >
      {request && (
        <ActionModalBody
          // A new opening is a new intent, with a new key.
          key={`${request.state.action.kind}:${request.state.action.loginId ?? request.state.action.blockId ?? request.state.action.accountId}`}
          request={request}
          onClose={onClose}
          onConfirm={onConfirm}
          pending={pending}
          error={error}
          resetLinkLimited={resetLinkLimited}
        />
      )}
    </Modal>
  );
}

function ActionModalBody({
  request,
  onClose,
  onConfirm,
  pending,
  error,
  resetLinkLimited = false,
}: Omit<ActionModalProps, 'request'> & { request: ActionRequest }) {
  const { t } = useTranslation();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [sendResetLink, setSendResetLink] = useState(true);
  const [note, setNote] = useState('');
  const inFlight = useRef(false);
  const kind = request.state.action.kind;
  const consequences = useConsequences(request, kind === 'unlock_login' && sendResetLink);
  const noteRequired = kind === 'lift_suspicious_block';
  const withNote = noteRequired || kind === 'reactivate';
  // Retrying with a reset link before the limit lifts would be refused again.
  const limited =
    resetLinkLimited &&
    (kind === 'send_password_reset' || (kind === 'unlock_login' && sendResetLink));
  const blocked = pending || limited || (noteRequired && note.trim() === '');

  async function confirm() {
    // A second click while the first is on its way is the same intent: it waits.
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      await onConfirm(request, { idempotencyKey, sendResetLink, note: note.trim() });
    } catch {
      // The page reports failures; the modal only stays ready for a retry with the same key.
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm" fw={600}>
        {t('lookup.modal.intro')}
      </Text>
      <List size="sm" spacing={6} data-testid="consequences">
        {consequences.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      {kind === 'unlock_login' && (
        <Checkbox
          checked={sendResetLink}
          onChange={(event) => setSendResetLink(event.currentTarget.checked)}
          label={t('lookup.modal.unlock.alsoReset')}
          description={t('lookup.modal.reset.once')}
          disabled={pending}
        />
      )}
      {withNote && (
        <Textarea
          label={noteRequired ? t('lookup.modal.noteRequired') : t('lookup.modal.note')}
          required={noteRequired}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={INPUT_LIMITS.note}
          rows={2}
          disabled={pending}
          data-autofocus={noteRequired || undefined}
        />
      )}
      <div aria-live="assertive">
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {error}
          </Alert>
        )}
      </div>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button
          onClick={confirm}
          loading={pending}
          disabled={blocked}
          color={kind === 'lift_suspicious_block' ? 'orange' : undefined}
          data-autofocus={!noteRequired || undefined}
        >
          {error && !limited ? t('lookup.modal.retry') : t(`lookup.modal.confirm.${kind}`)}
        </Button>
      </Group>
    </Stack>
  );
}
