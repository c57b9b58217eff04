import { INPUT_LIMITS } from '@lifeline/api/schemas';
import { Button, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FactorFormProps, wellFormed } from './factor.ts';

export function BillingAddressForm({ disabled, pending, onSubmit }: FactorFormProps) {
  const { t } = useTranslation();
  const [postalCode, setPostalCode] = useState('');
  const [line1, setLine1] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    const factor = { method: 'billing_address' as const, postalCode, line1 };
    setPostalCode('');
    setLine1('');
    void onSubmit(factor);
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <TextInput
          label={t('lookup.verify.postalCode')}
          value={postalCode}
          onChange={(e) => setPostalCode(e.currentTarget.value)}
          autoComplete="off"
          maxLength={INPUT_LIMITS.postalCode}
          disabled={disabled}
          w="9rem"
        />
        <TextInput
          label={t('lookup.verify.line1')}
          value={line1}
          onChange={(e) => setLine1(e.currentTarget.value)}
          autoComplete="off"
          maxLength={INPUT_LIMITS.addressLine1}
          disabled={disabled}
        />
        <Button
          type="submit"
          loading={pending}
          disabled={disabled || !wellFormed({ method: 'billing_address', postalCode, line1 })}
          w="fit-content"
        >
          {t('lookup.verify.check')}
        </Button>
      </Stack>
    </form>
  );
}
