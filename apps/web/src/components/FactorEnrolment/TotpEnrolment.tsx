import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Loader,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RouterOutputs, reasonOf, useTRPC } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';

export type EnrolResult = RouterOutputs['auth']['factors']['totpConfirm'];

/**
 * The server's QR code as an image: its SVG becomes a data URL, never markup in the page, so
 * nothing in it can run or style the console.
 */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The setup key in groups of four, easier to type into an app. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Authenticator-app enrolment: the server makes a secret (kept pending on the session) and its
 * QR code; the staff member scans it (or types the key), then proves it with a code.
 */
export function TotpEnrolment({ onEnrolled }: { onEnrolled: (result: EnrolResult) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const start = useMutation({
    ...trpc.auth.factors.totpStart.mutationOptions(),
    meta: { ownsAuthRefusals: true },
  });
  const confirm = useMutation({
    ...trpc.auth.factors.totpConfirm.mutationOptions(),
    meta: { ownsAuthRefusals: true },
  });
  const [label, setLabel] = useState(() => t('enrol.totp.labelDefault'));
  const [code, setCode] = useState('');
  const [wrong, setWrong] = useState(false);
  // One secret per visit: React's development double effects must not start two.
  const started = useRef(false);
  const startTotp = start.mutate;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startTotp();
  }, [startTotp]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setWrong(false);
    try {
      onEnrolled(await confirm.mutateAsync({ code: code.replace(/\D/g, ''), label: label.trim() }));
    } catch (error) {
      setCode('');
      if (reasonOf(error) === 'UNAUTHENTICATED' || reasonOf(error) === 'INVALID_INPUT') {
        setWrong(true);
      }
    }
  }

  if (start.isError) return <RefusalAlert error={start.error} />;
  if (!start.data) {
    return (
      <Group justify="center" p="md">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Group>
    );
  }
  const { secret, qrSvg } = start.data;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" fw={500}>
          {t('enrol.totp.scan')}
        </Text>
        <Group align="flex-start" gap="lg" wrap="wrap">
          <Image
            src={svgDataUrl(qrSvg)}
            alt={t('enrol.totp.qrAlt')}
            w={180}
            h={180}
            fit="contain"
            bg="white"
            p={6}
            radius="sm"
          />
          <Stack gap={6} style={{ flex: 1, minWidth: 220 }}>
            <Text size="sm">{t('enrol.totp.orType')}</Text>
            <Code
              block
              fz="sm"
              aria-label={t('enrol.totp.keyLabel')}
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {grouped(secret)}
            </Code>
            <Group gap="xs">
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={copy}
                    leftSection={
                      copied ? (
                        <IconCheck size={14} aria-hidden />
                      ) : (
                        <IconCopy size={14} aria-hidden />
                      )
                    }
                    aria-label={t('enrol.totp.copyKey')}
                  >
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              {t('enrol.totp.keyHint')}
            </Text>
          </Stack>
        </Group>
        {wrong && (
          <Alert color="red" role="alert">
            {t('enrol.totp.wrong')}
          </Alert>
        )}
        {confirm.isError && !wrong && <RefusalAlert error={confirm.error} />}
        <TextInput
          label={t('enrol.totp.code')}
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
        <TextInput
          label={t('enrol.totp.label')}
          description={t('enrol.labelHint')}
          maxLength={60}
          required
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        <Button
          type="submit"
          loading={confirm.isPending}
          disabled={code.replace(/\D/g, '').length !== 6 || label.trim() === ''}
        >
          {t('enrol.totp.confirm')}
        </Button>
      </Stack>
    </form>
  );
}
