import { createStaffInput, INPUT_LIMITS } from '@lifeline/api/schemas';
import { STAFF_ROLES, type StaffRole } from '@lifeline/domain';
import { Button, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldOf, type RouterInputs, reasonOf } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';

export type NewStaffValues = RouterInputs['staff']['create'];

const MIN_PASSWORD = INPUT_LIMITS.staffPasswordMin;
const EMPTY: NewStaffValues = { email: '', displayName: '', role: 'agent', password: '' };

/**
 * Adds a staff member. Checks what it can before sending (a real email, a 12-character
 * password); an email already in use is the server's to say, on the Email field; other refusals
 * show under the form.
 */
export function StaffCreateForm({
  pending,
  error,
  onSubmit,
}: {
  pending: boolean;
  error: unknown;
  /** Resolves when the member was created, so the form can clear itself. */
  onSubmit: (values: NewStaffValues) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<NewStaffValues>(EMPTY);
  const [touched, setTouched] = useState(false);
  /** The email the server refused as taken, while it is still what the field holds. */
  const [takenEmail, setTakenEmail] = useState<string | null>(null);
  const emailRefused =
    error != null && reasonOf(error) === 'INVALID_INPUT' && fieldOf(error) === 'email';
  const emailTaken = emailRefused && takenEmail !== null && values.email.trim() === takenEmail;
  const problems = {
    email: !createStaffInput.shape.email.safeParse(values.email.trim()).success,
    displayName: values.displayName.trim() === '',
    password: values.password.length < MIN_PASSWORD,
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problems.email || problems.displayName || problems.password) return;
    setTakenEmail(values.email.trim());
    try {
      await onSubmit({
        ...values,
        email: values.email.trim(),
        displayName: values.displayName.trim(),
      });
      setValues(EMPTY);
      setTouched(false);
    } catch {
      // The refusal is shown from `error`; keep what was typed so it can be corrected.
    }
  }

  return (
    <form onSubmit={submit} aria-label={t('staff.create.title')} noValidate>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label={t('staff.create.email')}
            type="email"
            autoComplete="off"
            required
            value={values.email}
            onChange={(e) => setValues({ ...values, email: e.currentTarget.value })}
            error={
              touched && problems.email
                ? t('staff.create.emailInvalid')
                : emailTaken
                  ? t('staff.create.emailTaken')
                  : undefined
            }
          />
          <TextInput
            label={t('staff.create.name')}
            required
            maxLength={INPUT_LIMITS.staffDisplayName}
            value={values.displayName}
            onChange={(e) => setValues({ ...values, displayName: e.currentTarget.value })}
            error={touched && problems.displayName ? t('staff.create.nameRequired') : undefined}
          />
          <Select
            label={t('staff.create.role')}
            required
            allowDeselect={false}
            data={STAFF_ROLES.map((role) => ({ value: role, label: t(`lead.role.${role}`) }))}
            value={values.role}
            onChange={(value) => value && setValues({ ...values, role: value as StaffRole })}
          />
          <PasswordInput
            label={t('staff.create.password')}
            description={t('staff.create.passwordHint', { min: MIN_PASSWORD })}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            autoComplete="new-password"
            required
            value={values.password}
            onChange={(e) => setValues({ ...values, password: e.currentTarget.value })}
            error={
              touched && problems.password
                ? t('staff.create.passwordShort', { min: MIN_PASSWORD })
                : undefined
            }
          />
        </Group>
        {error && !emailRefused ? <RefusalAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={pending} leftSection={<IconUserPlus size={16} />}>
            {t('staff.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
