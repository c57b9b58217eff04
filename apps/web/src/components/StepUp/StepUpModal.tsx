import { Alert, Anchor, Button, Divider, Group, Modal, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepUpBroker } from '../../lib/step-up.ts';
import { useTRPC } from '../../trpc.ts';
import { QueryState } from '../QueryState/QueryState.tsx';
import {
  SecondFactorForm,
  type SecondFactorMethod,
} from '../SecondFactorForm/SecondFactorForm.tsx';

/**
 * Where the provider's re-authentication starts, coming back to this page (SPEC §13: a
 * provider sign-in with max_age counts as a step-up). The server checks `returnTo` again.
 */
export function ssoStepUpUrl(startUrl: string, here: string): string {
  return `${startUrl}?${new URLSearchParams({ stepUp: '1', returnTo: here }).toString()}`;
}

/**
 * "Confirm it's you": opened by the step-up broker when a sensitive call was refused with
 * STEP_UP_REQUIRED. A second factor passed here retries that call; cancelling lets its refusal
 * through. A single-sign-on session may instead re-authenticate at the provider (the page
 * reloads there and back, so the action is asked for again).
 */
export function StepUpModal({ broker }: { broker: StepUpBroker }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const opened = useSyncExternalStore(broker.subscribe, broker.isOpen);
  useEffect(() => broker.attachHost(), [broker]);
  const me = useQuery({ ...trpc.auth.me.queryOptions(), enabled: opened, staleTime: 0 });
  const methods = me.data?.stepUp.methods ?? [];
  const factors = methods.filter((m): m is SecondFactorMethod => m !== 'sso');
  const config = useQuery({
    ...trpc.auth.config.queryOptions(),
    enabled: opened && methods.includes('sso'),
  });
  const sso = methods.includes('sso') ? config.data?.sso : null;

  async function verified() {
    // The window the server just opened is in `auth.me` (stepUp.freshUntil).
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    broker.settle(true);
  }

  const here = `${window.location.pathname}${window.location.search}`;
  return (
    <Modal
      opened={opened}
      onClose={() => broker.settle(false)}
      title={t('stepUp.title')}
      // Above the confirmation that asked for the action, which stays open beneath.
      zIndex={400}
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t('stepUp.body')}</Text>
        {!me.data ? (
          <QueryState query={me} />
        ) : methods.length === 0 ? (
          <Alert color="yellow">
            {t('stepUp.none')} <Anchor href="/security">{t('stepUp.addFactor')}</Anchor>
          </Alert>
        ) : (
          <>
            {sso && (
              <>
                <Button
                  component="a"
                  href={ssoStepUpUrl(sso.startUrl, here)}
                  leftSection={<IconExternalLink size={16} aria-hidden />}
                >
                  {t('stepUp.sso', { name: sso.providerName })}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('stepUp.ssoNote')}
                </Text>
              </>
            )}
            {sso && factors.length > 0 && <Divider label={t('secondFactor.or')} />}
            {factors.length > 0 && (
              <SecondFactorForm
                methods={factors}
                onVerified={() => void verified()}
                submitLabel={t('stepUp.confirm')}
              />
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => broker.settle(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
