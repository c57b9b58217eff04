import { Card, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { notifyRefusal } from '../components/RefusalAlert/RefusalAlert.tsx';
import { SecondFactors } from '../components/SecondFactors/SecondFactors.tsx';
import {
  deviceName,
  SessionList,
  type StaffSession,
} from '../components/SessionList/SessionList.tsx';
import { useNow } from '../lib/use-now.ts';
import { useTRPC } from '../trpc.ts';

/**
 * The signed-in staff member's security: their second factors and recovery codes, and where
 * they are signed in, each session endable. Any staff member may open it (about themselves
 * only); ending the current one signs out.
 */
export default function SecurityPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const now = useNow(60_000);
  const sessions = useQuery(trpc.auth.sessions.queryOptions());

  const end = useMutation(
    trpc.auth.endSession.mutationOptions({
      onSuccess: (result) => {
        if (result.current) {
          queryClient.clear();
          navigate('/sign-in');
        }
      },
      onError: (error) => notifyRefusal(error, t, t('security.sessions.failed')),
      onSettled: (result) =>
        // After signing out there is nothing left to refresh.
        result?.current
          ? undefined
          : queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );

  function endSession(session: StaffSession) {
    const device = deviceName(session.device, t);
    const run = () =>
      end.mutate(
        { sessionId: session.id },
        {
          onSuccess: (result) => {
            if (!result.current) {
              notifications.show({
                color: 'green',
                title: t('security.done.title'),
                message: t('security.done.body', { device }),
              });
            }
          },
        },
      );
    if (!session.current) return run();
    modals.openConfirmModal({
      title: t('security.confirmCurrent.title'),
      children: <Text size="sm">{t('security.confirmCurrent.body')}</Text>,
      labels: { confirm: t('security.confirmCurrent.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: run,
    });
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('security.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('security.intro')}
        </Text>
      </div>
      <SecondFactors now={now} />
      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('security.sessions.title')}
        </Title>
        {sessions.data ? (
          <SessionList
            items={sessions.data.items}
            now={now}
            busyId={end.isPending ? end.variables?.sessionId : null}
            onEnd={endSession}
          />
        ) : (
          <QueryState query={sessions} />
        )}
      </Card>
    </Stack>
  );
}
