import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { reasonOf, requestIdOf } from '../../trpc.ts';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** The loading and error states every page shows instead of a blank screen. */
export function QueryState({ query, label }: { query: QueryLike; label?: string }) {
  const { t } = useTranslation();
  if (query.isError) {
    const reason = reasonOf(query.error);
    const requestId = requestIdOf(query.error);
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('common.error')} role="alert">
        <Stack gap="xs">
          <Text size="sm">
            {reason
              ? t(`reason.${reason}`, { defaultValue: reason })
              : String((query.error as Error)?.message ?? '')}
          </Text>
          {requestId && (
            <Text size="xs" c="dimmed">
              {t('common.errorReference', { requestId })}
            </Text>
          )}
          <Button size="xs" variant="light" onClick={() => query.refetch()} w="fit-content">
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Center p="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-label={label ?? t('common.loading')} />
    </Center>
  );
}
