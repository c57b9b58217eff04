import { INPUT_LIMITS } from '@lifeline/api/schemas';
import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FactorFormProps, wellFormed } from './factor.ts';

export function CardLast4Form({ disabled, pending, onSubmit }: FactorFormProps) {
  const { t } = useTranslation();
  const [last4, setLast4] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = last4;
    setLast4('');
    void onSubmit({ method: 'card_last4', last4: value });
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label={t('lookup.verify.last4')}
          value={last4}
          onChange={(e) =>
            setLast4(e.currentTarget.value.replace(/\D/g, '').slice(0, INPUT_LIMITS.cardLast4))
          }
          inputMode="numeric"
          autoComplete="off"
          maxLength={INPUT_LIMITS.cardLast4}
          style={{ flex: 1, minWidth: 0 }}
          // The label may run above the button rather than wrap in French.
          labelProps={{ style: { whiteSpace: 'nowrap' } }}
          disabled={disabled}
          styles={{ input: { letterSpacing: '0.3em', fontFamily: 'monospace' } }}
        />
        <Button
          type="submit"
          loading={pending}
          disabled={disabled || !wellFormed({ method: 'card_last4', last4 })}
        >
          {t('lookup.verify.check')}
        </Button>
      </Group>
    </form>
  );
}
