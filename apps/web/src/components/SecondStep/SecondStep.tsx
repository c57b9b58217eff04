import { Anchor, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { FactorEnrolment } from '../FactorEnrolment/FactorEnrolment.tsx';
import {
  SecondFactorForm,
  type SecondFactorMethod,
} from '../SecondFactorForm/SecondFactorForm.tsx';

/** What the server said is left to do after the password (auth.login's `secondFactor`). */
export type PendingStep =
  | { needed: 'verify'; methods: readonly SecondFactorMethod[] }
  | { needed: 'enrol' };

/**
 * The sign-in's second step, in place of the password form: pass a second factor, or enrol a
 * first one when the server requires it. "Sign in as someone else" drops the pending session.
 */
export function SecondStep({
  step,
  email,
  onSignedIn,
  onRestart,
}: {
  step: PendingStep;
  email: string;
  onSignedIn: () => void;
  /** Back to the password form; `ended` when the server ended the pending session. */
  onRestart: (ended: boolean) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Once the first factor is in, the sign-in is done: only the codes are left to save.
  const [codesShown, setCodesShown] = useState(false);
  const logout = useMutation({
    ...trpc.auth.logout.mutationOptions(),
    meta: { ownsAuthRefusals: true },
    onSettled: () => onRestart(false),
  });
  return (
    <Stack gap="md">
      {!codesShown && (
        <Text size="sm">
          {step.needed === 'verify'
            ? t('signIn.verify.body', { email })
            : t('signIn.enrol.body', { email })}
        </Text>
      )}
      {step.needed === 'verify' ? (
        <SecondFactorForm
          methods={step.methods}
          onVerified={onSignedIn}
          onSessionEnded={() => onRestart(true)}
        />
      ) : (
        <FactorEnrolment
          email={email}
          onDone={onSignedIn}
          onCodesShown={() => setCodesShown(true)}
        />
      )}
      {!codesShown && (
        <Anchor
          component="button"
          type="button"
          size="sm"
          ta="left"
          c="dimmed"
          onClick={() => logout.mutate()}
        >
          {t('signIn.otherAccount')}
        </Anchor>
      )}
    </Stack>
  );
}
