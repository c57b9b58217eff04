import { Alert, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { reasonOf, requestIdOf } from '../../trpc.ts';

/**
 * A refusal in words: the stable reason explained (`reason.X`) as the title, and the server's
 * own plain-words message (which says *which* rule, e.g. "the last admin") as the body.
 */
export function describeRefusal(error: unknown, t: TFunction) {
  const reason = reasonOf(error);
  const message = error instanceof Error ? error.message : undefined;
  const requestId = requestIdOf(error);
  return {
    title: reason ? t(`reason.${reason}`, { defaultValue: reason }) : t('common.error'),
    message: message && message !== reason ? message : undefined,
    requestId,
  };
}

export function notifyRefusal(error: unknown, t: TFunction, title?: string) {
  const refusal = describeRefusal(error, t);
  notifications.show({
    color: 'red',
    title: title ?? refusal.title,
    message: [title ? refusal.title : undefined, refusal.message].filter(Boolean).join(' '),
    autoClose: 10_000,
  });
}

export function RefusalAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const refusal = describeRefusal(error, t);
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle />}
      title={title ?? refusal.title}
      role="alert"
      variant="light"
    >
      {title && <Text size="sm">{refusal.title}</Text>}
      {refusal.message && <Text size="sm">{refusal.message}</Text>}
      {refusal.requestId && (
        <Text size="xs" c="dimmed">
          {t('common.errorReference', { requestId: refusal.requestId })}
        </Text>
      )}
    </Alert>
  );
}
