import { INPUT_LIMITS } from '@lifeline/api/schemas';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonOf } from '../../trpc.ts';
import { type FactorFormProps, wellFormed } from './factor.ts';

export interface EmailCodeFormProps extends FactorFormProps {
  onSend: () => Promise<{ sentTo: string }>;
  maskedAddress: string | null;
}

export function EmailCodeForm({
  disabled,
  pending,
  onSubmit,
  onSend,
  maskedAddress,
}: EmailCodeFormProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);

  async function send() {
    setSending(true);
    setSendError(null);
    try {
      const result = await onSend();
      setSentTo(result.sentTo);
    } catch (error) {
      const reason = reasonOf(error);
      setSendError(
        reason ? t(`reason.${reason}`, { defaultValue: reason }) : String((error as Error).message),
      );
    } finally {
      setSending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = code;
    setCode('');
    void onSubmit({ method: 'email_code', code: value });
  }

  return (
    <Stack gap="xs">
      <Group gap="xs" align="center">
        <Button
          variant={sentTo ? 'default' : 'filled'}
          leftSection={<IconMail size={16} />}
          onClick={send}
          loading={sending}
          disabled={disabled}
        >
          {sentTo ? t('lookup.verify.resendCode') : t('lookup.verify.sendCode')}
        </Button>
        {!sentTo && maskedAddress && (
          <Text size="xs" c="dimmed">
            {t('lookup.verify.codeGoesTo', { sentTo: maskedAddress })}
          </Text>
        )}
      </Group>
      <div aria-live="polite">
        {sentTo && (
          <Text size="sm" c="teal">
            {t('lookup.verify.codeSent', { sentTo })}
          </Text>
        )}
        {sendError && (
          <Text size="sm" c="red">
            {sendError}
          </Text>
        )}
      </div>
      {sentTo && (
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label={t('lookup.verify.code')}
              value={code}
              onChange={(e) =>
                setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, INPUT_LIMITS.emailCode))
              }
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={INPUT_LIMITS.emailCode}
              style={{ flex: 1 }}
              disabled={disabled}
              data-autofocus
              styles={{ input: { letterSpacing: '0.3em', fontFamily: 'monospace' } }}
            />
            <Button
              type="submit"
              loading={pending}
              disabled={disabled || !wellFormed({ method: 'email_code', code })}
            >
              {t('lookup.verify.check')}
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}
