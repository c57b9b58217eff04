import { INPUT_LIMITS } from '@lifeline/api/schemas';
import {
  WEBHOOK_SUBSCRIBABLE_EVENT_TYPES,
  type WebhookSubscribableEventType,
} from '@lifeline/domain';
import { Button, Checkbox, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldOf, type RouterInputs, reasonOf } from '../../trpc.ts';
import { RefusalAlert } from '../RefusalAlert/RefusalAlert.tsx';

export type NewWebhookValues = RouterInputs['webhooks']['create'];

/** What most help desks want: every outcome an agent would note on the ticket. */
const DEFAULT_TYPES: WebhookSubscribableEventType[] = [...WEBHOOK_SUBSCRIBABLE_EVENT_TYPES];

/**
 * Registers an endpoint: its URL, a description, the event types it receives. Whether the
 * address may be used (public, https in production, resolvable) is the server's to say, on
 * the URL field; the form only checks that there is a web address and a type.
 */
export function WebhookCreateForm({
  pending,
  error,
  onSubmit,
}: {
  pending: boolean;
  error: unknown;
  /** Resolves once registered, so the form can clear itself. */
  onSubmit: (values: NewWebhookValues) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>(DEFAULT_TYPES);
  const [touched, setTouched] = useState(false);
  /** The URL the server refused, while the field still holds it. */
  const [refusedUrl, setRefusedUrl] = useState<string | null>(null);
  const urlRefused =
    error != null && reasonOf(error) === 'INVALID_INPUT' && fieldOf(error) === 'url';
  const problems = {
    url: !/^https?:\/\/\S+$/i.test(url.trim()),
    types: types.length === 0,
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problems.url || problems.types) return;
    setRefusedUrl(url.trim());
    try {
      await onSubmit({
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        eventTypes: WEBHOOK_SUBSCRIBABLE_EVENT_TYPES.filter((type) => types.includes(type)),
      });
      setUrl('');
      setDescription('');
      setTypes(DEFAULT_TYPES);
      setTouched(false);
    } catch {
      // The refusal shows from `error`; what was typed stays to be corrected.
    }
  }

  const urlError =
    touched && problems.url
      ? t('webhooks.create.urlInvalid')
      : urlRefused && refusedUrl === url.trim() && error instanceof Error
        ? error.message
        : undefined;
  return (
    <form onSubmit={submit} aria-label={t('webhooks.create.title')} noValidate>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label={t('webhooks.create.url')}
            description={t('webhooks.create.urlHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            placeholder="https://helpdesk-notes.example.com/"
            type="url"
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={INPUT_LIMITS.webhookUrl}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={urlError}
          />
          <TextInput
            label={t('webhooks.create.description')}
            description={t('webhooks.create.descriptionHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            maxLength={INPUT_LIMITS.webhookDescription}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
        </Group>
        <Checkbox.Group
          label={t('webhooks.create.types')}
          description={t('webhooks.create.typesHint')}
          value={types}
          onChange={setTypes}
          error={touched && problems.types ? t('webhooks.create.typesRequired') : undefined}
          required
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" mt="xs">
            {WEBHOOK_SUBSCRIBABLE_EVENT_TYPES.map((type) => (
              <Checkbox
                key={type}
                value={type}
                label={t(`webhooks.types.${type}`)}
                description={
                  <Text span ff="monospace" size="xs" c="dimmed">
                    {type}
                  </Text>
                }
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {error && !urlRefused ? <RefusalAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={pending} leftSection={<IconPlus size={16} />}>
            {t('webhooks.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
