import type { ReviewStatus } from '@lifeline/domain';
import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan, useMe } from '../app/session.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { RefusalAlert } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import {
  ReviewMarkModal,
  type ReviewMarkTarget,
} from '../components/ReviewQueue/ReviewMarkModal.tsx';
import { ReviewCoverage, ReviewQueue } from '../components/ReviewQueue/ReviewQueue.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';

const PAGE_SIZE = 50;
const FILTERS = ['open', 'concern', 'reviewed_ok', 'all'] as const;
type Filter = (typeof FILTERS)[number];

export default function ReviewsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.reviews'));
  return (
    <RequireCapability capability="reviews.read">
      <Reviews />
    </RequireCapability>
  );
}

function Reviews() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useMe();
  const can = useCan();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter: Filter = (FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as Filter)
    : 'all';
  const [target, setTarget] = useState<ReviewMarkTarget | null>(null);

  // Own query function: tRPC's infinite helper adds a `direction` key the strict input refuses.
  const input = { limit: PAGE_SIZE, ...(filter !== 'all' && { status: filter as ReviewStatus }) };
  const queue = useInfiniteQuery({
    queryKey: trpc.reviews.queue.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.reviews.queue.query(pageParam ? { ...input, cursor: pageParam } : input),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const mark = useMutation(
    trpc.reviews.mark.mutationOptions({
      onSuccess: (_result, input) => {
        notifications.show({
          color: input.status === 'concern' ? 'orange' : 'green',
          title: t(`reviews.done.${input.status}`),
          message: target ? t('reviews.done.message', { ticket: target.item.ticketRef }) : '',
        });
        setTarget(null);
      },
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.reviews.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
        ]),
    }),
  );

  function open(next: ReviewMarkTarget) {
    mark.reset();
    setTarget(next);
  }

  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const coverage = queue.data?.pages[0]?.coverage ?? [];
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('reviews.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('reviews.intro')}
        </Text>
      </div>
      {queue.data && <ReviewCoverage rows={coverage} />}
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('reviews.queueTitle')}
        </Title>
        <SegmentedControl
          aria-label={t('reviews.filter.label')}
          value={filter}
          onChange={(value) => setParams(value === 'all' ? {} : { status: value })}
          data={FILTERS.map((value) => ({ value, label: t(`reviews.filter.${value}`) }))}
        />
      </Group>
      {queue.isPending || (queue.isError && items.length === 0) ? (
        <QueryState query={queue} />
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('reviews.empty')}
        </Text>
      ) : (
        <>
          <ReviewQueue
            items={items}
            now={now}
            currentStaffId={me.data?.staff.id}
            canMark={can('reviews.mark')}
            onMark={(item, status) => open({ item, status })}
          />
          {queue.isFetchNextPageError && <RefusalAlert error={queue.error} />}
          {queue.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                loading={queue.isFetchingNextPage}
                onClick={() => void queue.fetchNextPage()}
              >
                {t('lead.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
      <ReviewMarkModal
        target={target}
        now={now}
        pending={mark.isPending}
        error={mark.error}
        onClose={() => setTarget(null)}
        onSubmit={(note) =>
          target &&
          mark.mutate({
            reviewId: target.item.id,
            status: target.status,
            ...(note && { note }),
          })
        }
      />
    </Stack>
  );
}
