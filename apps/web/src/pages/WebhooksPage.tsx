import {
  DAY,
  HOUR,
  WEBHOOK_BREAKER_PERIOD,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_SECRET_OVERLAP,
  type WebhookDeliveryStatus,
} from '@lifeline/domain';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { notifyRefusal } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import {
  type WebhookDelivery,
  WebhookDeliveryTable,
} from '../components/WebhookDeliveries/WebhookDeliveryTable.tsx';
import { type RevealedSecret, SecretReveal } from '../components/WebhookEndpoints/SecretReveal.tsx';
import { WebhookCreateForm } from '../components/WebhookEndpoints/WebhookCreateForm.tsx';
import {
  type WebhookEndpoint,
  WebhookEndpointTable,
} from '../components/WebhookEndpoints/WebhookEndpointTable.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';

const PAGE_SIZE = 25;

export default function WebhooksPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.webhooks'));
  return (
    <RequireCapability capability="webhooks.manage">
      <Webhooks />
    </RequireCapability>
  );
}

/**
 * Admins' page for webhooks (issue 14): the endpoints Lifeline signs events for, registering
 * one (its secret shown once), pausing, rotating, a test event, and the delivery log with
 * replay. Statuses move in the background (the sender), so the page polls while a delivery is
 * pending.
 */
function Webhooks() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const now = useNow(5_000);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [endpointFilter, setEndpointFilter] = useState<string | null>(null);
  const [statusFilter, setStatusFilter] = useState<WebhookDeliveryStatus | null>(null);

  const input = {
    limit: PAGE_SIZE,
    ...(endpointFilter ? { endpointId: endpointFilter } : {}),
    ...(statusFilter ? { status: statusFilter } : {}),
  };
  // Our own query function, as on the outbox page: tRPC's infinite helper adds a `direction`
  // the strict input refuses. The key is tRPC's, so invalidating `trpc.webhooks` refreshes it.
  const deliveries = useInfiniteQuery({
    queryKey: trpc.webhooks.deliveries.infiniteQueryKey(input),
    queryFn: ({ pageParam }) =>
      client.webhooks.deliveries.query(pageParam ? { ...input, cursor: pageParam } : input),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // A pending delivery is the sender's to finish within seconds: follow it closely until then.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((d) => d.status === 'pending'))
        ? 2_000
        : 30_000,
  });
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const hasPending = items.some((delivery) => delivery.status === 'pending');
  const endpoints = useQuery({
    ...trpc.webhooks.list.queryOptions(),
    // The last delivery of each follows the log, until none is pending.
    refetchInterval: (query) =>
      hasPending ||
      query.state.data?.endpoints.some((endpoint) => endpoint.lastDelivery?.status === 'pending')
        ? 2_000
        : 30_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const formatUntil = (at: number) => formatDateTime(at, i18n.language);

  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (result) =>
        setRevealed({ kind: 'created', url: result.endpoint.url, secret: result.secret }),
      onSettled: refresh,
    }),
  );
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: ({ endpoint }) =>
        notifications.show({
          color: 'green',
          title: endpoint.enabled
            ? t('webhooks.done.enabledTitle')
            : t('webhooks.done.disabledTitle'),
          message: endpoint.url,
        }),
      onError: (error) => notifyRefusal(error, t, t('webhooks.failed')),
      onSettled: refresh,
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (result, { endpointId }) => {
        const endpoint = endpoints.data?.endpoints.find((e) => e.id === endpointId);
        setRevealed({
          kind: 'rotated',
          url: endpoint?.url ?? endpointId,
          secret: result.secret,
          previousSecretUntil: result.previousSecretUntil,
        });
      },
      onError: (error) => notifyRefusal(error, t, t('webhooks.failed')),
      onSettled: refresh,
    }),
  );
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () =>
        notifications.show({
          color: 'green',
          title: t('webhooks.done.testTitle'),
          message: t('webhooks.done.test'),
        }),
      onError: (error) => notifyRefusal(error, t, t('webhooks.failed')),
      onSettled: refresh,
    }),
  );
  const replay = useMutation(
    trpc.webhooks.replay.mutationOptions({
      onSuccess: () =>
        notifications.show({
          color: 'green',
          title: t('webhooks.done.replayTitle'),
          message: t('webhooks.done.replay'),
        }),
      onError: (error) => notifyRefusal(error, t, t('webhooks.failed')),
      onSettled: refresh,
    }),
  );

  function toggle(endpoint: WebhookEndpoint) {
    if (!endpoint.enabled) {
      update.mutate({ endpointId: endpoint.id, enabled: true });
      return;
    }
    modals.openConfirmModal({
      title: t('webhooks.confirmDisable.title'),
      children: (
        <Stack gap="xs">
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {endpoint.url}
          </Text>
          <Text size="sm">{t('webhooks.confirmDisable.body')}</Text>
        </Stack>
      ),
      labels: { confirm: t('webhooks.confirmDisable.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => update.mutate({ endpointId: endpoint.id, enabled: false }),
    });
  }

  function confirmRotate(endpoint: WebhookEndpoint) {
    modals.openConfirmModal({
      title: t('webhooks.confirmRotate.title'),
      children: (
        <Stack gap="xs">
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {endpoint.url}
          </Text>
          <Text size="sm">
            {t('webhooks.confirmRotate.body', { hours: WEBHOOK_SECRET_OVERLAP / HOUR })}
          </Text>
        </Stack>
      ),
      labels: { confirm: t('webhooks.confirmRotate.confirm'), cancel: t('common.cancel') },
      onConfirm: () => rotate.mutate({ endpointId: endpoint.id }),
    });
  }

  const enabledIds = new Set(
    (endpoints.data?.endpoints ?? []).filter((e) => e.enabled).map((e) => e.id),
  );
  const canReplay = (delivery: WebhookDelivery) => enabledIds.has(delivery.endpointId);
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('webhooks.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('webhooks.intro', { days: WEBHOOK_BREAKER_PERIOD / DAY })}
        </Text>
      </div>
      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('webhooks.endpoints.title')}
        </Title>
        {endpoints.data ? (
          <WebhookEndpointTable
            endpoints={endpoints.data.endpoints}
            now={now}
            busyId={sendTest.isPending ? (sendTest.variables?.endpointId ?? null) : null}
            onSendTest={(endpoint) => sendTest.mutate({ endpointId: endpoint.id })}
            onToggle={toggle}
            onRotate={confirmRotate}
          />
        ) : (
          <QueryState query={endpoints} />
        )}
      </Card>
      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('webhooks.create.title')}
        </Title>
        <WebhookCreateForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutateAsync(values)}
        />
      </Card>
      <Card>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={3} size="h4">
              {t('webhooks.deliveries.title')}
            </Title>
            <Group gap="sm" align="flex-end">
              <Select
                label={t('webhooks.deliveries.endpointFilter')}
                placeholder={t('webhooks.deliveries.allEndpoints')}
                data={(endpoints.data?.endpoints ?? []).map((e) => ({ value: e.id, label: e.url }))}
                value={endpointFilter}
                onChange={setEndpointFilter}
                clearable
                w={260}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label={t('webhooks.deliveries.statusFilter')}
                placeholder={t('webhooks.deliveries.allStatuses')}
                data={WEBHOOK_DELIVERY_STATUSES.map((status) => ({
                  value: status,
                  label: t(`webhooks.status.${status}`),
                }))}
                value={statusFilter}
                onChange={(value) => setStatusFilter(value as WebhookDeliveryStatus | null)}
                clearable
                w={170}
              />
              <Button
                variant="subtle"
                leftSection={<IconRefresh size={16} />}
                onClick={() => deliveries.refetch()}
                loading={deliveries.isRefetching && !deliveries.isFetchingNextPage}
              >
                {t('webhooks.deliveries.refresh')}
              </Button>
            </Group>
          </Group>
          {deliveries.data ? (
            <WebhookDeliveryTable
              items={items}
              now={now}
              showEndpoint={endpointFilter === null}
              replayingId={replay.isPending ? (replay.variables?.deliveryId ?? null) : null}
              canReplay={canReplay}
              onReplay={(delivery) => replay.mutate({ deliveryId: delivery.id })}
            />
          ) : (
            <QueryState query={deliveries} />
          )}
          {deliveries.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => deliveries.fetchNextPage()}
                loading={deliveries.isFetchingNextPage}
              >
                {t('common.next')}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      <SecretReveal
        revealed={revealed}
        onClose={() => setRevealed(null)}
        formatUntil={formatUntil}
      />
    </Stack>
  );
}
