import { Group, Stack, Switch, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AlertList } from '../components/AlertList/AlertList.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC } from '../trpc.ts';

export default function AlertsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.alerts'));
  return (
    <RequireCapability capability="alerts.read">
      <Alerts />
    </RequireCapability>
  );
}

function Alerts() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const now = useNow(15_000);
  const [params, setParams] = useSearchParams();
  const includeExpired = params.get('expired') === '1';
  const alerts = useQuery({
    ...trpc.alerts.list.queryOptions({ includeExpired }),
    placeholderData: keepPreviousData,
    // Locks and throttles last an hour: a lead watching the page sees new ones come in.
    refetchInterval: 30_000,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('alerts.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('alerts.intro')}
          </Text>
        </div>
        <Switch
          label={t('alerts.includeExpired')}
          checked={includeExpired}
          onChange={(e) => setParams(e.currentTarget.checked ? { expired: '1' } : {})}
          mt="xs"
        />
      </Group>
      {alerts.data && !alerts.isError ? (
        <AlertList items={alerts.data.items} now={now} />
      ) : (
        <QueryState query={alerts} />
      )}
    </Stack>
  );
}
