import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { goToSignIn } from '../app/providers.tsx';
import { useCan } from '../app/session.tsx';
import {
  AuditFilters,
  type AuditFilterValues,
  auditCsvHref,
  toAuditQuery,
} from '../components/AuditFilters/AuditFilters.tsx';
import { AuditTable } from '../components/AuditTable/AuditTable.tsx';
import { ChainStatusBadge } from '../components/ChainStatusBadge/ChainStatusBadge.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { RefusalAlert } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { downloadWithStepUp } from '../lib/download.ts';
import { formatNumber } from '../lib/format.ts';
import { useStepUpBroker } from '../lib/step-up.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['staffId', 'action', 'accountId', 'from', 'to'] as const;

export default function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.audit'));
  return (
    <RequireCapability capability={['audit.readAll', 'audit.readOwn']}>
      <Audit />
    </RequireCapability>
  );
}

function Audit() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const can = useCan();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const readsAll = can('audit.readAll');
  const stepUp = useStepUpBroker();
  const [downloading, setDownloading] = useState(false);

  // The filters live in the URL: a filtered view can be shared or reloaded as it is.
  const filters = useMemo<AuditFilterValues>(
    () => ({
      staffId: params.get('staffId') ?? '',
      action: params.get('action') ?? '',
      accountId: params.get('accountId') ?? '',
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
    }),
    [params],
  );
  const query = useMemo(() => toAuditQuery(filters), [filters]);

  const staff = useQuery({
    ...trpc.staff.list.queryOptions(),
    enabled: can('staff.manage'),
    staleTime: 5 * 60_000,
  });
  const staffOptions = staff.data?.items.map((member) => ({
    value: member.id,
    label: `${member.displayName} (${member.email})`,
  }));

  // Our own query function: tRPC's infinite helper adds a `direction` key that the API's strict
  // input refuses. The key is still tRPC's, so invalidating `trpc.audit` refreshes this list.
  const input = { ...query, limit: PAGE_SIZE };
  const list = useInfiniteQuery({
    queryKey: trpc.audit.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.audit.list.query(pageParam ? { ...input, cursor: pageParam } : input),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const chain = useQuery({
    ...trpc.audit.verifyChain.queryOptions(),
    enabled: can('audit.verifyChain'),
    staleTime: 60_000,
  });

  // Fetched, not a plain link: the export needs a recent step-up, which a link cannot ask for.
  async function downloadCsv() {
    setDownloading(true);
    try {
      const outcome = await downloadWithStepUp(auditCsvHref(query), 'lifeline-audit.csv', stepUp);
      if (outcome === 'signed_out') goToSignIn(true);
      else if (outcome === 'failed' || outcome === 'cancelled') {
        notifications.show({
          color: 'red',
          title: t('audit.csvFailed'),
          message: outcome === 'cancelled' ? t('reason.STEP_UP_REQUIRED') : t('common.error'),
        });
      }
    } catch {
      notifications.show({ color: 'red', title: t('audit.csvFailed'), message: t('common.error') });
    } finally {
      setDownloading(false);
    }
  }

  function apply(values: AuditFilterValues) {
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) if (values[key].trim()) next.set(key, values[key].trim());
    setParams(next);
  }

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('audit.title')}</Title>
          <Text c="dimmed" size="sm">
            {readsAll ? t('audit.intro') : t('audit.ownOnly')}
          </Text>
        </div>
        {can('audit.verifyChain') && (
          <ChainStatusBadge
            status={chain.data}
            checking={chain.isFetching}
            error={chain.error}
            onRecheck={() => void chain.refetch()}
          />
        )}
      </Group>

      <Paper withBorder p="md">
        <AuditFilters
          value={filters}
          onApply={apply}
          staffOptions={staff.isSuccess ? staffOptions : undefined}
          showStaff={readsAll}
          extra={
            <Button
              variant="light"
              leftSection={<IconDownload size={16} aria-hidden />}
              loading={downloading}
              onClick={() => void downloadCsv()}
            >
              {t('audit.csv')}
            </Button>
          }
        />
      </Paper>

      <Text size="sm" c="dimmed" aria-live="polite">
        {list.isSuccess &&
          t(list.hasNextPage ? 'audit.shownMore' : 'audit.shownAll', {
            count: items.length,
            shown: formatNumber(items.length, i18n.language),
          })}
      </Text>

      {list.isPending || (list.isError && items.length === 0) ? (
        <QueryState query={list} />
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('audit.empty')}
        </Text>
      ) : (
        <>
          <AuditTable items={items} now={now} />
          {list.isFetchNextPageError && <RefusalAlert error={list.error} />}
          {list.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('lead.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
