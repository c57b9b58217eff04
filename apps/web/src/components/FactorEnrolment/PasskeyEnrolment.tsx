import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { startRegistration } from '@simplewebauthn/browser';
import { IconFingerprint } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PasskeyProblem, passkeyProblemOf } from '../../lib/passkeys.ts';
import { type RouterInputs, reasonOf, useTRPC, useTRPCClient } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';
import type { EnrolResult } from './TotpEnrolment.tsx';

/** The server's schema of the answer is narrower than the browser's type; it checks the rest. */
type RegistrationAnswer = RouterInputs['auth']['factors']['passkeyRegister']['response'];

/**
 * Passkey enrolment: a name for it, then the browser's own ceremony (fingerprint, face, PIN or
 * security key) with the server's options; the server checks the answer and keeps the key.
 */
export function PasskeyEnrolment({ onEnrolled }: { onEnrolled: (result: EnrolResult) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [label, setLabel] = useState(() => t('enrol.passkey.labelDefault'));
  const [problem, setProblem] = useState<PasskeyProblem | null>(null);
  const ceremony = useMutation({
    mutationFn: async () => {
      const optionsJSON = await client.auth.factors.passkeyRegistrationOptions.mutate();
      return startRegistration({ optionsJSON });
    },
    meta: { ownsAuthRefusals: true },
  });
  const register = useMutation({
    ...trpc.auth.factors.passkeyRegister.mutationOptions(),
    meta: { ownsAuthRefusals: true },
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    register.reset();
    let response: Awaited<ReturnType<typeof startRegistration>>;
    try {
      response = await ceremony.mutateAsync();
    } catch (error) {
      if (!reasonOf(error)) setProblem(passkeyProblemOf(error));
      return;
    }
    try {
      onEnrolled(
        await register.mutateAsync({
          response: response as RegistrationAnswer,
          label: label.trim(),
        }),
      );
    } catch {
      // Said below, from the mutation's error.
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('enrol.passkey.explain')}</Text>
        {problem && (
          <Alert color="red" role="alert">
            {t(`secondFactor.passkeyProblem.${problem}`)}
          </Alert>
        )}
        {ceremony.isError && reasonOf(ceremony.error) && <RefusalAlert error={ceremony.error} />}
        {register.isError && <RefusalAlert error={register.error} />}
        <TextInput
          label={t('enrol.passkey.label')}
          description={t('enrol.labelHint')}
          maxLength={60}
          required
          data-autofocus
          autoFocus
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <Button
          type="submit"
          leftSection={<IconFingerprint size={18} aria-hidden />}
          loading={ceremony.isPending || register.isPending}
          disabled={label.trim() === ''}
        >
          {t('enrol.passkey.create')}
        </Button>
      </Stack>
    </form>
  );
}
