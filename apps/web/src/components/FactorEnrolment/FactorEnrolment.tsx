import { Anchor, Button, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDeviceMobile, IconFingerprint } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passkeysSupported } from '../../lib/passkeys.ts';
import { RecoveryCodes } from '../RecoveryCodes/RecoveryCodes.tsx';
import { PasskeyEnrolment } from './PasskeyEnrolment.tsx';
import { type EnrolResult, TotpEnrolment } from './TotpEnrolment.tsx';

export type FactorKind = 'passkey' | 'totp';

/**
 * Adds a second factor: the kind (chosen here, or given), its enrolment, then the recovery
 * codes when the server made new ones (the first factor). `onDone` once all of it is through.
 */
export function FactorEnrolment({
  kind: givenKind,
  email,
  onDone,
  onCodesShown,
}: {
  kind?: FactorKind;
  email?: string;
  onDone: (result: EnrolResult) => void;
  /** The factor is in and its recovery codes are on screen (nothing to cancel any more). */
  onCodesShown?: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<FactorKind | null>(givenKind ?? null);
  const [result, setResult] = useState<EnrolResult | null>(null);

  if (result?.recoveryCodes) {
    return (
      <RecoveryCodes codes={result.recoveryCodes} email={email} onDone={() => onDone(result)} />
    );
  }
  const enrolled = (done: EnrolResult) => {
    if (!done.recoveryCodes) return onDone(done);
    setResult(done);
    onCodesShown?.();
  };
  if (kind) {
    return (
      <Stack gap="md">
        {kind === 'passkey' ? (
          <PasskeyEnrolment onEnrolled={enrolled} />
        ) : (
          <TotpEnrolment onEnrolled={enrolled} />
        )}
        {!givenKind && (
          <Anchor
            component="button"
            type="button"
            size="sm"
            ta="left"
            onClick={() => setKind(null)}
          >
            {t('enrol.back')}
          </Anchor>
        )}
      </Stack>
    );
  }
  const canPasskey = passkeysSupported();
  const choices = [
    { value: 'passkey' as const, icon: IconFingerprint, disabled: !canPasskey },
    { value: 'totp' as const, icon: IconDeviceMobile, disabled: false },
  ];
  return (
    <SimpleGrid cols={1} spacing="sm">
      {choices.map(({ value, icon: Icon, disabled }) => (
        <Card key={value} withBorder padding="md">
          <Stack gap={6}>
            <Button
              variant={value === 'passkey' ? 'filled' : 'default'}
              leftSection={<Icon size={18} aria-hidden />}
              disabled={disabled}
              autoFocus={value === 'passkey' ? canPasskey : !canPasskey}
              onClick={() => setKind(value)}
            >
              {t(`enrol.${value}.choose`)}
            </Button>
            <Text size="sm" c="dimmed">
              {disabled
                ? t('secondFactor.passkeyProblem.unsupported')
                : t(`enrol.${value}.description`)}
            </Text>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
