import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFilter, IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../app/session.tsx';
import { OutboxTable } from '../components/OutboxTable/OutboxTable.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { isAccountId } from '../lib/ids.ts';
import { useDraft } from '../lib/use-draft.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';

/** A screenful or two: older emails are one click away. */
const PAGE_SIZE = 25;

/** The outbox, newest first, keyset-paged, optionally for one account (`?account=acc_…`). */
export default function OutboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.outbox'));
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const accountId = (params.get('account') ?? '').trim().toLowerCase();
  const filterValid = accountId === '' || isAccountId(accountId);
  // A link from elsewhere (an account's "emails of this account") changes the filter in place.
  const [draft, setDraft] = useDraft(accountId);
  const [draftError, setDraftError] = useState<string | null>(null);

  // Our own query function: tRPC's infinite helper adds a `direction` key that the API's strict
  // input refuses. The key is still tRPC's, so invalidating `trpc.outbox` refreshes this list.
  const input = accountId && filterValid ? { accountId, limit: PAGE_SIZE } : { limit: PAGE_SIZE };
  const query = useInfiniteQuery({
    queryKey: trpc.outbox.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.outbox.list.query(pageParam ? { ...input, cursor: pageParam } : input),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: filterValid,
    // Pending emails turn into sent ones in the background: keep the statuses current.
    refetchInterval: 30_000,
  });

  function applyFilter(event: FormEvent) {
    event.preventDefault();
    const value = draft.trim().toLowerCase();
    if (value !== '' && !isAccountId(value)) {
      setDraftError(t('outbox.invalidId'));
      return;
    }
    setDraftError(null);
    setParams(value === '' ? {} : { account: value });
  }

  function clearFilter() {
    setDraft('');
    setDraftError(null);
    setParams({});
  }

  const filterError = draftError ?? (filterValid ? null : t('outbox.invalidId'));
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <div>
        <Title order={2}>{t('outbox.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('outbox.intro')}
          {me.data?.staff.role === 'agent' && ` ${t('outbox.maskedNote')}`}
        </Text>
      </div>
      <Card>
        <form onSubmit={applyFilter} aria-label={t('outbox.filter')}>
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('outbox.filterLabel')}
              placeholder={t('outbox.filterPlaceholder')}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              // The message sits under the whole row so the buttons stay level with the input.
              error={filterError !== null}
              aria-describedby={filterError === null ? undefined : 'outbox-filter-error'}
              w={300}
              spellCheck={false}
              autoComplete="off"
            />
            <Button type="submit" leftSection={<IconFilter size={16} />}>
              {t('outbox.filter')}
            </Button>
            {accountId !== '' && (
              <Button variant="default" onClick={clearFilter}>
                {t('outbox.clear')}
              </Button>
            )}
            <Button
              variant="subtle"
              ml="auto"
              leftSection={<IconRefresh size={16} />}
              onClick={() => query.refetch()}
              loading={query.isRefetching && !query.isFetchingNextPage}
              disabled={!filterValid}
            >
              {t('outbox.refresh')}
            </Button>
          </Group>
          {filterError !== null && (
            <Text id="outbox-filter-error" c="red" size="sm" mt={4} role="alert">
              {filterError}
            </Text>
          )}
        </form>
      </Card>
      {filterValid && (
        <Card>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {accountId ? t('outbox.filteredBy', { accountId }) : t('outbox.all')}
              </Title>
              {query.data && (
                <Text size="sm" c="dimmed" aria-live="polite">
                  {t('outbox.shown', { shown: items.length })}
                </Text>
              )}
            </Group>
            {query.data ? (
              <>
                <OutboxTable items={items} now={now} filtered={accountId !== ''} />
                {query.hasNextPage && (
                  <Button
                    variant="light"
                    onClick={() => query.fetchNextPage()}
                    loading={query.isFetchingNextPage}
                    w="fit-content"
                    mx="auto"
                  >
                    {t('outbox.more')}
                  </Button>
                )}
                {/* A failed refresh or next page keeps what was loaded and says why. */}
                {query.isError && <QueryState query={query} />}
              </>
            ) : (
              <QueryState query={query} />
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
