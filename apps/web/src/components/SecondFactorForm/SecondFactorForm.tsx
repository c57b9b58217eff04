import { Alert, Anchor, Button, Divider, Stack, TextInput } from '@mantine/core';
import { startAuthentication } from '@simplewebauthn/browser';
import { IconFingerprint } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.ts';
import { type PasskeyProblem, passkeyProblemOf } from '../../lib/passkeys.ts';
import { type RouterInputs, reasonOf, retryAtOf, useTRPC, useTRPCClient } from '../../trpc.ts';

/** The server's schema of the answer is narrower than the browser's type; it checks the rest. */
type PasskeyAnswer = Extract<
  RouterInputs['auth']['verifySecondFactor'],
  { method: 'passkey' }
>['response'];

export type SecondFactorMethod = 'passkey' | 'totp' | 'recovery_code';

type Problem =
  | { kind: 'wrong_code' | 'wrong_recovery_code' | 'wrong_passkey' | 'network' }
  | { kind: 'passkey'; problem: PasskeyProblem }
  | { kind: 'throttled'; retryAt: number | undefined };

/** Digits only: codes are often pasted as "123 456". */
function digitsOf(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}

/**
 * Asks for one of the staff member's second factors: their passkey first when they have one,
 * else (or also) the authenticator app's code, and a recovery code behind a link. The same form
 * finishes a password sign-in and is the step-up (the server tells them apart by the session).
 */
export function SecondFactorForm({
  methods,
  onVerified,
  onSessionEnded,
  submitLabel,
}: {
  methods: readonly SecondFactorMethod[];
  onVerified: () => void;
  /** The server ended the pending session (too many wrong tries). */
  onSessionEnded?: () => void;
  submitLabel?: string;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const hasPasskey = methods.includes('passkey');
  const hasTotp = methods.includes('totp');
  const hasRecovery = methods.includes('recovery_code');
  // No code field until asked for when the passkey is the only other way in.
  const [mode, setMode] = useState<'totp' | 'recovery_code' | null>(
    hasTotp ? 'totp' : hasPasskey ? null : 'recovery_code',
  );
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  const verify = useMutation({
    ...trpc.auth.verifySecondFactor.mutationOptions(),
    meta: { ownsAuthRefusals: true },
  });
  const passkey = useMutation({
    mutationFn: async () => {
      const optionsJSON = await client.auth.passkeyOptions.mutate();
      return startAuthentication({ optionsJSON });
    },
    meta: { ownsAuthRefusals: true },
  });

  async function refused(error: unknown, wrong: Problem['kind']) {
    const reason = reasonOf(error);
    if (reason === 'RATE_LIMITED') {
      setProblem({ kind: 'throttled', retryAt: retryAtOf(error) });
    } else if (reason === 'UNAUTHENTICATED') {
      setProblem({ kind: wrong } as Problem);
      // A wrong code, or the last one allowed: is there still a session to finish?
      const me = await queryClient
        .fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0, retry: false })
        .catch(() => null);
      if (!me) onSessionEnded?.();
    } else {
      setProblem({ kind: 'network' });
    }
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const input =
      mode === 'totp'
        ? { method: 'totp' as const, code: digitsOf(code) }
        : { method: 'recovery_code' as const, code: code.trim() };
    try {
      await verify.mutateAsync(input);
    } catch (error) {
      setCode('');
      await refused(error, mode === 'totp' ? 'wrong_code' : 'wrong_recovery_code');
      return;
    }
    onVerified();
  }

  async function signInWithPasskey() {
    setProblem(null);
    let response: Awaited<ReturnType<typeof startAuthentication>>;
    try {
      response = await passkey.mutateAsync();
    } catch (error) {
      // The options call refused (a lost session) or the browser's ceremony did not finish.
      if (reasonOf(error)) await refused(error, 'wrong_passkey');
      else setProblem({ kind: 'passkey', problem: passkeyProblemOf(error) });
      return;
    }
    try {
      await verify.mutateAsync({ method: 'passkey', response: response as PasskeyAnswer });
    } catch (error) {
      await refused(error, 'wrong_passkey');
      return;
    }
    onVerified();
  }

  const message = problem
    ? problem.kind === 'passkey'
      ? t(`secondFactor.passkeyProblem.${problem.problem}`)
      : problem.kind === 'throttled'
        ? problem.retryAt
          ? t('secondFactor.throttledUntil', { time: formatTime(problem.retryAt, i18n.language) })
          : t('secondFactor.throttled')
        : t(`secondFactor.${problem.kind}`)
    : null;
  const busy = verify.isPending || passkey.isPending;
  const switchTo = (next: 'totp' | 'recovery_code') => {
    setMode(next);
    setCode('');
    setProblem(null);
  };
  const switchLink =
    mode !== 'recovery_code' && hasRecovery ? (
      <Anchor
        component="button"
        type="button"
        size="sm"
        ta="left"
        onClick={() => switchTo('recovery_code')}
      >
        {t('secondFactor.useRecovery')}
      </Anchor>
    ) : mode === 'recovery_code' && hasTotp ? (
      <Anchor component="button" type="button" size="sm" ta="left" onClick={() => switchTo('totp')}>
        {t('secondFactor.useApp')}
      </Anchor>
    ) : null;
  const codeFields = mode && (
    <form onSubmit={submitCode} noValidate>
      <Stack gap="sm">
        {mode === 'totp' ? (
          <TextInput
            key="totp"
            label={t('secondFactor.code')}
            description={t('secondFactor.codeDescription')}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={7}
            required
            data-autofocus
            autoFocus
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        ) : (
          <TextInput
            key="recovery"
            label={t('secondFactor.recoveryCode')}
            description={t('secondFactor.recoveryDescription')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={40}
            required
            data-autofocus
            autoFocus
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        )}
        <Button
          type="submit"
          loading={verify.isPending && verify.variables?.method !== 'passkey'}
          disabled={busy || (mode === 'totp' ? digitsOf(code).length !== 6 : code.trim() === '')}
          variant={hasPasskey ? 'default' : 'filled'}
        >
          {submitLabel ?? t('secondFactor.verify')}
        </Button>
      </Stack>
    </form>
  );

  return (
    <Stack gap="md">
      {message && (
        <Alert color="red" role="alert">
          {message}
        </Alert>
      )}
      {hasPasskey && (
        <Button
          size="md"
          leftSection={<IconFingerprint size={18} aria-hidden />}
          loading={
            passkey.isPending || (verify.isPending && verify.variables?.method === 'passkey')
          }
          disabled={busy}
          onClick={() => void signInWithPasskey()}
        >
          {t('secondFactor.passkey')}
        </Button>
      )}
      {hasPasskey && codeFields && <Divider label={t('secondFactor.or')} />}
      {codeFields}
      {switchLink}
    </Stack>
  );
}
