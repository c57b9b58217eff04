import { Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDeviceMobile, IconFingerprint, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.tsx';
import { passkeysSupported } from '../../lib/passkeys.ts';
import { useTRPC } from '../../trpc.ts';
import { FactorEnrolment, type FactorKind } from '../FactorEnrolment/FactorEnrolment.tsx';
import { FactorList, type StaffFactor } from '../FactorList/FactorList.tsx';
import { QueryState } from '../QueryState/QueryState.tsx';
import { RecoveryCodes } from '../RecoveryCodes/RecoveryCodes.tsx';
import { notifyRefusal } from '../RefusalAlert/RefusalAlert.tsx';

/**
 * The Security page's second factors: the list with Remove, Add a passkey / an authenticator
 * app (in a modal, recovery codes shown once when the server makes them), and the recovery
 * codes left with Generate new ones. Removal and new codes need a step-up (the API asks; the
 * step-up modal answers and the call goes through).
 */
export function SecondFactors({ now }: { now: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const factors = useQuery(trpc.auth.factors.list.queryOptions());
  const [adding, setAdding] = useState<FactorKind | null>(null);
  const [newCodes, setNewCodes] = useState<readonly string[] | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.auth.factors.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    ]);

  const remove = useMutation(
    trpc.auth.factors.remove.mutationOptions({
      onSuccess: () =>
        notifications.show({
          color: 'green',
          title: t('security.factors.removed.title'),
          message: t('security.factors.removed.body'),
        }),
      onError: (error) => notifyRefusal(error, t, t('security.factors.failed')),
      onSettled: refresh,
    }),
  );
  const regenerate = useMutation(
    trpc.auth.factors.regenerateRecoveryCodes.mutationOptions({
      onSuccess: (result) => setNewCodes(result.recoveryCodes),
      onError: (error) => notifyRefusal(error, t, t('security.factors.failed')),
      onSettled: refresh,
    }),
  );

  function confirmRemove(factor: StaffFactor) {
    modals.openConfirmModal({
      title: t('security.factors.confirmRemove.title', { label: factor.label }),
      children: (
        <Text size="sm">
          {t(`security.factors.confirmRemove.body_${factor.kind}`, { label: factor.label })}
        </Text>
      ),
      labels: { confirm: t('security.factors.confirmRemove.confirm'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ factorId: factor.id }),
    });
  }

  function confirmRegenerate() {
    modals.openConfirmModal({
      title: t('security.factors.recovery.confirm.title'),
      children: <Text size="sm">{t('security.factors.recovery.confirm.body')}</Text>,
      labels: {
        confirm: t('security.factors.recovery.confirm.confirm'),
        cancel: t('common.cancel'),
      },
      onConfirm: () => regenerate.mutate(),
    });
  }

  const list = factors.data;
  return (
    <Card>
      <Title order={3} size="h4" mb={4}>
        {t('security.factors.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {list?.mfa === 'required'
          ? t('security.factors.introRequired')
          : t('security.factors.introOptional')}
      </Text>
      {list ? (
        <Stack gap="md">
          <FactorList
            items={list.factors}
            now={now}
            busyId={remove.isPending ? remove.variables?.factorId : null}
            onRemove={confirmRemove}
          />
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconFingerprint size={16} aria-hidden />}
              disabled={!passkeysSupported()}
              onClick={() => setAdding('passkey')}
            >
              {t('security.factors.addPasskey')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconDeviceMobile size={16} aria-hidden />}
              onClick={() => setAdding('totp')}
            >
              {t('security.factors.addTotp')}
            </Button>
          </Group>
          {list.factors.length > 0 && (
            <Group gap="sm" justify="space-between" wrap="wrap">
              <Text size="sm">
                {t('security.factors.recovery.left', { count: list.recoveryCodesLeft })}
              </Text>
              <Button
                variant="light"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={regenerate.isPending}
                onClick={confirmRegenerate}
              >
                {t('security.factors.recovery.regenerate')}
              </Button>
            </Group>
          )}
        </Stack>
      ) : (
        <QueryState query={factors} />
      )}

      <Modal
        opened={adding !== null}
        onClose={() => setAdding(null)}
        title={adding ? t(`security.factors.addTitle.${adding}`) : ''}
        size="lg"
      >
        {adding && (
          <FactorEnrolment
            kind={adding}
            email={me.data?.staff.email}
            onDone={() => {
              setAdding(null);
              notifications.show({
                color: 'green',
                title: t('security.factors.added.title'),
                message: t('security.factors.added.body'),
              });
              void refresh();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={newCodes !== null}
        onClose={() => setNewCodes(null)}
        title={t('security.factors.recovery.newTitle')}
        size="lg"
      >
        {newCodes && (
          <RecoveryCodes
            codes={newCodes}
            email={me.data?.staff.email}
            onDone={() => setNewCodes(null)}
          />
        )}
      </Modal>
    </Card>
  );
}
