import { Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../app/session.tsx';
import { IdentityCheckQueue } from '../components/IdentityCheckQueue/IdentityCheckQueue.tsx';
import {
  type DecisionTarget,
  IdentityDecisionModal,
} from '../components/IdentityCheckQueue/IdentityDecisionModal.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { notifyRefusal } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { newIdempotencyKey } from '../lib/idempotency.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC } from '../trpc.ts';

export default function IdentityChecksPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.identityChecks'));
  return (
    <RequireCapability capability="identityChecks.read">
      <IdentityChecks />
    </RequireCapability>
  );
}

function IdentityChecks() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const now = useNow();
  const [params] = useSearchParams();
  // The key is made when the confirmation opens: a double click or a retry decides once.
  const [target, setTarget] = useState<(DecisionTarget & { idempotencyKey: string }) | null>(null);

  const queue = useQuery({
    ...trpc.identityChecks.queue.queryOptions({}),
    refetchInterval: 60_000,
  });
  const decide = useMutation(
    trpc.identityChecks.decide.mutationOptions({
      onSuccess: (result, input) => {
        notifications.show({
          color: input.decision === 'approve' ? 'green' : 'orange',
          title: t(`identityChecks.done.${input.decision}`),
          message: result.block.liftedAt
            ? t('identityChecks.done.lifted')
            : t('identityChecks.done.emailed'),
        });
        setTarget(null);
      },
      onError: (error) => notifyRefusal(error, t, t('identityChecks.failed')),
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.identityChecks.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() }),
        ]),
    }),
  );

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('identityChecks.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('identityChecks.intro')}
        </Text>
      </div>
      {!queue.data ? (
        <QueryState query={queue} />
      ) : queue.data.items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('identityChecks.empty')}
        </Text>
      ) : (
        <IdentityCheckQueue
          items={queue.data.items}
          now={now}
          canDecide={can('identityChecks.decide')}
          onDecide={(item, decision) => {
            decide.reset();
            setTarget({ item, decision, idempotencyKey: newIdempotencyKey() });
          }}
        />
      )}
      <IdentityDecisionModal
        target={target}
        now={now}
        defaultTicket={params.get('ticket') ?? ''}
        pending={decide.isPending}
        error={decide.error}
        onClose={() => setTarget(null)}
        onSubmit={({ note, ticketRef }) =>
          target &&
          decide.mutate({
            checkId: target.item.checkId,
            decision: target.decision,
            note,
            ticketRef,
            idempotencyKey: target.idempotencyKey,
          })
        }
      />
    </Stack>
  );
}
