import { reactivateInput } from '@lifeline/api/schemas';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.ts';
import { reasonOf, retryAtOf, useTRPC } from '../../trpc.ts';
import type { ActionRequest, ConfirmInput } from './ActionModal.tsx';

/** Refusals the agent can fix inside the open confirmation (a note). */
const RETRY_IN_PLACE = new Set(['INVALID_INPUT']);

/** The minute a limit lifts, rounded up: a retry at the time said goes through. */
function liftTime(retryAt: number, language: string): string {
  return formatTime(Math.ceil(retryAt / 60_000) * 60_000, language);
}

/** A value the action must send is absent from the request: nothing is sent. */
class IncompleteRequest extends Error {
  readonly field: string;
  constructor(field: string) {
    super(`The request lacks ${field}.`);
    this.field = field;
  }
}

/** The value to send, never an invented stand-in ('' for an id, 0 for a version). */
function need<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined || value === '') throw new IncompleteRequest(field);
  return value;
}

/** The account version the diagnosis read, if it is one the API accepts. */
function expectedVersionOf(request: ActionRequest): number | null {
  const version = reactivateInput.shape.expectedVersion.safeParse(request.account?.version);
  return version.success ? version.data : null;
}

/**
 * Runs the confirmed action, reports it as a notification and refreshes the diagnosis from the
 * server. `onDone` runs when the confirmation should close.
 */
export function useRunAction(onDone: (outcome: 'succeeded' | 'refused') => void) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  /** The reset-link limit was hit: a retry with a link would be refused again until then. */
  const [resetLinkLimited, setResetLinkLimited] = useState(false);
  const reactivate = useMutation(trpc.actions.reactivate.mutationOptions());
  const detach = useMutation(trpc.actions.detachTeamMember.mutationOptions());
  const unlock = useMutation(trpc.actions.unlockLogin.mutationOptions());
  const reset = useMutation(trpc.actions.sendPasswordReset.mutationOptions());
  const lift = useMutation(trpc.actions.liftBlock.mutationOptions());
  const pending = [reactivate, detach, unlock, reset, lift].some((m) => m.isPending);

  function call(request: ActionRequest, input: ConfirmInput): Promise<unknown> {
    const { action, verificationId } = request.state;
    const base = { ticketRef: request.ticketRef.trim(), idempotencyKey: input.idempotencyKey };
    const note = input.note === '' ? {} : { note: input.note };
    switch (action.kind) {
      case 'reactivate':
        return reactivate.mutateAsync({
          ...base,
          ...note,
          accountId: need(action.accountId, 'accountId'),
          verificationId: need(verificationId, 'verificationId'),
          expectedVersion: need(expectedVersionOf(request), 'expectedVersion'),
        });
      case 'detach_team_member':
        return detach.mutateAsync({
          ...base,
          loginId: need(action.loginId, 'loginId'),
          verificationId: need(verificationId, 'verificationId'),
        });
      case 'unlock_login':
        return unlock.mutateAsync({
          ...base,
          loginId: need(action.loginId, 'loginId'),
          verificationId: need(verificationId, 'verificationId'),
          sendResetLink: input.sendResetLink,
        });
      case 'send_password_reset':
        return reset.mutateAsync({ ...base, loginId: need(action.loginId, 'loginId') });
      case 'lift_self_block':
      case 'lift_identity_check_block':
      case 'lift_suspicious_block':
        return lift.mutateAsync({
          ...base,
          ...note,
          blockId: need(action.blockId, 'blockId'),
          ...(verificationId ? { verificationId } : {}),
        });
      case 'decide_identity_check':
        return Promise.reject(new Error('decided on the identity-check page'));
    }
  }

  async function run(request: ActionRequest, input: ConfirmInput) {
    const kind = request.state.action.kind;
    setError(null);
    setResetLinkLimited(false);
    try {
      await call(request, input);
    } catch (failure) {
      if (failure instanceof IncompleteRequest) {
        // Nothing went to the server: say so where the agent is, and keep the modal open.
        setError(t('lookup.done.incomplete', { missing: failure.field }));
        return;
      }
      const reason = reasonOf(failure);
      const retryAt = retryAtOf(failure);
      // The reset-link limit says until when; a plain "try again later" would invite retries.
      const message =
        reason === 'RATE_LIMITED' && retryAt !== undefined
          ? t('lookup.done.resetLimited', { time: liftTime(retryAt, i18n.language) })
          : reason
            ? t(`reason.${reason}`, { defaultValue: (failure as Error).message })
            : t('lookup.done.network');
      notifications.show({
        color: 'red',
        title: t('lookup.done.failed', { action: t(`lookup.action.label.${kind}`) }),
        message,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
      // An unlock can still go without its link: the confirmation stays, its retry needs the
      // link unticked. A reset link alone cannot go before the time said: it closes.
      if (reason === 'RATE_LIMITED' && kind === 'unlock_login') {
        setResetLinkLimited(true);
        setError(
          retryAt === undefined
            ? message
            : `${message} ${t('lookup.done.resetLimitedUnlock', { time: liftTime(retryAt, i18n.language) })}`,
        );
        throw failure;
      }
      if (reason === undefined || RETRY_IN_PLACE.has(reason)) {
        setError(message);
        throw failure;
      }
      onDone('refused');
      return;
    }
    notifications.show({
      color: 'teal',
      title: t(`lookup.done.${kind}`),
      message: t('lookup.done.refreshed'),
    });
    await queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
    onDone('succeeded');
  }

  return {
    run,
    pending,
    error,
    resetLinkLimited,
    clearError: () => {
      setError(null);
      setResetLinkLimited(false);
    },
  };
}
