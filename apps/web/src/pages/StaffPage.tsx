import type { StaffRole } from '@lifeline/domain';
import { Card, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan, useMe } from '../app/session.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { notifyRefusal } from '../components/RefusalAlert/RefusalAlert.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { StaffCreateForm } from '../components/StaffCreateForm/StaffCreateForm.tsx';
import { type StaffMember, StaffTable } from '../components/StaffTable/StaffTable.tsx';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC } from '../trpc.ts';

export default function StaffPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.staff'));
  return (
    <RequireCapability capability="staff.manage">
      <Staff />
    </RequireCapability>
  );
}

function Staff() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const now = useNow(60_000);
  const staff = useQuery(trpc.staff.list.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.staff.pathKey() }),
      // A change of one's own role changes what the console offers.
      queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    ]);

  const create = useMutation(
    trpc.staff.create.mutationOptions({
      onSuccess: (result) =>
        notifications.show({
          color: 'green',
          title: t('staff.done.createdTitle'),
          message: t('staff.done.created', { name: result.staff.displayName }),
        }),
      onSettled: refresh,
    }),
  );
  const setRole = useMutation(
    trpc.staff.setRole.mutationOptions({
      onSuccess: (result) =>
        notifications.show({
          color: 'green',
          title: t('staff.done.roleTitle'),
          message: t('staff.done.role', {
            name: result.staff.displayName,
            role: t(`lead.role.${result.staff.role}`),
          }),
        }),
      onError: (error) => notifyRefusal(error, t, t('staff.failed')),
      onSettled: refresh,
    }),
  );
  const disable = useMutation(
    trpc.staff.disable.mutationOptions({
      onSuccess: (result) =>
        notifications.show({
          color: 'green',
          title: t('staff.done.disabledTitle'),
          message: t('staff.done.disabled', { name: result.staff.displayName }),
        }),
      onError: (error) => notifyRefusal(error, t, t('staff.failed')),
      onSettled: refresh,
    }),
  );

  function confirmRole(member: StaffMember, role: StaffRole) {
    modals.openConfirmModal({
      title: t('staff.confirmRole.title', { name: member.displayName }),
      children: (
        <Text size="sm">
          {t('staff.confirmRole.body', {
            from: t(`lead.role.${member.role}`),
            to: t(`lead.role.${role}`),
          })}
        </Text>
      ),
      labels: { confirm: t('staff.confirmRole.confirm'), cancel: t('common.cancel') },
      onConfirm: () => setRole.mutate({ staffId: member.id, role }),
    });
  }

  const endSessions = useMutation(
    trpc.staff.endSessions.mutationOptions({
      onSuccess: (result, input) => {
        if (result.signedOut) {
          queryClient.clear();
          navigate('/sign-in');
          return;
        }
        const member = staff.data?.items.find((item) => item.id === input.staffId);
        notifications.show({
          color: 'green',
          title: t('staff.endSessions.doneTitle'),
          message: t('staff.endSessions.done', {
            count: result.ended,
            name: member?.displayName ?? input.staffId,
          }),
        });
      },
      onError: (error) => notifyRefusal(error, t, t('staff.failed')),
    }),
  );

  function confirmEndSessions(member: StaffMember) {
    const self = member.id === me.data?.staff.id;
    modals.openConfirmModal({
      title: t('staff.endSessions.title', { name: member.displayName }),
      children: (
        <Text size="sm">
          {self
            ? t('staff.endSessions.bodySelf')
            : t('staff.endSessions.body', { email: member.email })}
        </Text>
      ),
      labels: { confirm: t('staff.endSessions.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => endSessions.mutate({ staffId: member.id }),
    });
  }

  const resetFactors = useMutation(
    trpc.staff.resetFactors.mutationOptions({
      onSuccess: (_result, input) => {
        const member = staff.data?.items.find((item) => item.id === input.staffId);
        notifications.show({
          color: 'green',
          title: t('staff.resetFactors.doneTitle'),
          message: t('staff.resetFactors.done', { name: member?.displayName ?? input.staffId }),
        });
      },
      onError: (error) => notifyRefusal(error, t, t('staff.failed')),
      onSettled: refresh,
    }),
  );

  function confirmResetFactors(member: StaffMember) {
    modals.openConfirmModal({
      title: t('staff.resetFactors.title', { name: member.displayName }),
      children: <Text size="sm">{t('staff.resetFactors.body', { email: member.email })}</Text>,
      labels: { confirm: t('staff.resetFactors.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => resetFactors.mutate({ staffId: member.id }),
    });
  }

  function confirmDisable(member: StaffMember) {
    modals.openConfirmModal({
      title: t('staff.confirmDisable.title', { name: member.displayName }),
      children: <Text size="sm">{t('staff.confirmDisable.body', { email: member.email })}</Text>,
      labels: { confirm: t('staff.confirmDisable.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => disable.mutate({ staffId: member.id }),
    });
  }

  const busyId = setRole.isPending
    ? setRole.variables?.staffId
    : disable.isPending
      ? disable.variables?.staffId
      : null;
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('staff.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('staff.intro')}
        </Text>
      </div>
      <Card>
        {staff.data ? (
          <StaffTable
            items={staff.data.items}
            now={now}
            currentStaffId={me.data?.staff.id}
            busyId={busyId}
            onRoleChange={confirmRole}
            onDisable={confirmDisable}
            onEndSessions={can('staff.endSessions') ? confirmEndSessions : undefined}
            onResetFactors={confirmResetFactors}
          />
        ) : (
          <QueryState query={staff} />
        )}
      </Card>
      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('staff.create.title')}
        </Title>
        <StaffCreateForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutateAsync(values)}
        />
      </Card>
    </Stack>
  );
}
