import { DUNNING_DAYS, WINDOW_DAYS } from '@lifeline/domain';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Card,
  Code,
  CopyButton,
  Group,
  Progress,
  Stack,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { dunningColour, windowColour } from '../../lib/colours.ts';
import { formatDate, formatMoney, formatNumber } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { AccountStatusBadge } from '../AccountStatusBadge/AccountStatusBadge.tsx';
import { Fact, Facts } from '../Facts/Facts.tsx';
import { When } from '../When/When.tsx';

export type AccountView = RouterOutputs['accounts']['get']['account'];

/** The head of the account view: who it is, its state, and the dates that state depends on. */
export function AccountSummary({ account, now }: { account: AccountView; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Card component="section" aria-labelledby="account-summary-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap">
              <Title order={2} id="account-summary-title">
                {t('account.title')}
              </Title>
              <Code fz="md">{account.id}</Code>
              <CopyButton value={account.id}>
                {({ copied, copy }) => (
                  <>
                    <Tooltip label={copied ? t('common.copied') : t('account.copyId')}>
                      <ActionIcon
                        variant="subtle"
                        color={copied ? 'teal' : 'gray'}
                        onClick={copy}
                        aria-label={t('account.copyId')}
                      >
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                    {/* Tooltips are not announced: screen readers hear the copy here. */}
                    <VisuallyHidden role="status">
                      {copied ? t('common.copied') : ''}
                    </VisuallyHidden>
                  </>
                )}
              </CopyButton>
            </Group>
            <Group gap="xs">
              <AccountStatusBadge status={account.status} size="lg" />
              {account.plan && (
                <Badge variant="outline" color="gray" size="lg">
                  {t(`account.plan.${account.plan}`)}
                </Badge>
              )}
            </Group>
          </Stack>
          {account.status !== 'purged' && (
            <Facts cols={account.trialEndsAt ? 3 : 2} spacing="xl">
              <Fact label={t('account.created')}>
                <When at={account.createdAt} now={now} relative={false} />
              </Fact>
              {account.contactEmail && (
                <Fact label={t('account.contactEmail')}>{account.contactEmail}</Fact>
              )}
              {account.trialEndsAt && (
                <Fact label={t('account.trialEnds')}>
                  <When at={account.trialEndsAt} now={now} />
                </Fact>
              )}
            </Facts>
          )}
        </Group>

        {account.status === 'purged' && <Tombstone account={account} />}
        {account.status === 'deactivated' && <WindowFacts account={account} now={now} />}
        {account.status === 'limited' && account.dunning && (
          <DunningFacts account={account} dunning={account.dunning} now={now} />
        )}
        {account.data && (
          <Box>
            <Title order={3} size="h5" mb={4}>
              {t('account.data.title')}
            </Title>
            <Facts cols={3}>
              <Fact label={t('account.data.contacts')}>
                {formatNumber(account.data.contacts, i18n.language)}
              </Fact>
              <Fact label={t('account.data.lists')}>
                {formatNumber(account.data.lists, i18n.language)}
              </Fact>
              <Fact label={t('account.data.campaigns')}>
                {formatNumber(account.data.campaigns, i18n.language)}
              </Fact>
            </Facts>
          </Box>
        )}
      </Stack>
    </Card>
  );
}

function Tombstone({ account }: { account: AccountView }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color="gray" variant="light" icon={<IconTrash />} title={t('account.purged.title')}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('account.purged.body', { purgedAt: formatDate(account.purgedAt, i18n.language) })}
        </Text>
        {account.deactivatedAt !== null && (
          <Text size="sm">
            {t('account.purged.detail', {
              deactivatedAt: formatDate(account.deactivatedAt, i18n.language),
              reason: account.deactivationReason
                ? t(`account.reason.${account.deactivationReason}`)
                : '—',
            })}
          </Text>
        )}
        <Text size="sm">{t('account.purged.erased')}</Text>
        <Text size="sm">{t('account.purged.signUp')}</Text>
      </Stack>
    </Alert>
  );
}

function WindowFacts({ account, now }: { account: AccountView; now: number }) {
  const { t } = useTranslation();
  return (
    <Box>
      <Title order={3} size="h5" mb={4}>
        {t('account.window.title')}
      </Title>
      <Stack gap="sm">
        <Facts cols={3}>
          <Fact label={t('account.window.deactivatedAt')}>
            <When at={account.deactivatedAt} now={now} />
          </Fact>
          <Fact label={t('account.window.reason')}>
            {account.deactivationReason ? t(`account.reason.${account.deactivationReason}`) : '—'}
          </Fact>
          <Fact label={t('account.window.purgeAfter')}>
            <When at={account.purgeAfter} now={now} />
          </Fact>
        </Facts>
        <WindowOutlook account={account} />
      </Stack>
    </Box>
  );
}

/**
 * Whether the account can come back, as the server decided it (the domain's
 * `decideReactivation`): the days left while it can, else why it cannot.
 */
function WindowOutlook({ account }: { account: AccountView }) {
  const { t, i18n } = useTranslation();
  const outlook = account.reactivation;
  if (outlook === null) return null;
  if (outlook.allowed) {
    const daysLeft = account.daysLeft ?? 0;
    return (
      <DayBar
        label={t('account.window.barLabel')}
        text={t('account.window.daysLeft', { daysLeft, total: WINDOW_DAYS })}
        value={daysLeft}
        max={WINDOW_DAYS}
        color={windowColour(daysLeft)}
      />
    );
  }
  if (outlook.refusal === 'NOT_REACTIVATABLE') {
    return (
      <Alert color="red" variant="light" icon={<IconInfoCircle />}>
        {t('account.window.notReactivatable')}
      </Alert>
    );
  }
  if (outlook.refusal === 'WINDOW_CLOSED') {
    return (
      <Alert color="red" variant="light" icon={<IconInfoCircle />}>
        {t('account.window.closed', { purgeAfter: formatDate(account.purgeAfter, i18n.language) })}
      </Alert>
    );
  }
  return null;
}

function DunningFacts({
  account,
  dunning,
  now,
}: {
  account: AccountView;
  dunning: NonNullable<AccountView['dunning']>;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const owed = Math.max(0, -(account.balanceCents ?? 0));
  return (
    <Box>
      <Title order={3} size="h5" mb={4}>
        {t('account.dunning.title')}
      </Title>
      <Stack gap="sm">
        <Text size="sm">{t('account.dunning.explain')}</Text>
        {dunning.startedBy === 'reactivation' && (
          <Text size="sm">{t('lookup.facts.dunningRestartedNote')}</Text>
        )}
        <Facts cols={4}>
          <Fact label={t('account.dunning.balance')}>
            <Text
              span
              fw={600}
              c="light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))"
              inherit
            >
              {formatMoney(owed, i18n.language)}
            </Text>
          </Fact>
          <Fact
            label={
              dunning.startedBy === 'reactivation'
                ? t('account.dunning.restartedAt')
                : t('account.dunning.failedAt')
            }
          >
            <When at={account.paymentFailedAt} now={now} />
          </Fact>
          <Fact label={t('account.dunning.nextRetry')}>
            {dunning.nextRetryAt === null ? (
              t('account.dunning.noRetry')
            ) : (
              <When at={dunning.nextRetryAt} now={now} />
            )}
          </Fact>
          <Fact label={t('account.dunning.deactivatesAt')}>
            <When at={dunning.deactivatesAt} now={now} />
          </Fact>
        </Facts>
        <DayBar
          label={t('account.dunning.barLabel')}
          text={t('account.dunning.day', { day: dunning.dayOfDunning, total: DUNNING_DAYS })}
          value={dunning.dayOfDunning}
          max={DUNNING_DAYS}
          color={dunningColour(dunning.dayOfDunning, DUNNING_DAYS)}
        />
      </Stack>
    </Box>
  );
}

/** A labelled bar whose text says what the bar shows, so the colour is never the only signal. */
function DayBar({
  label,
  text,
  value,
  max,
  color,
}: {
  label: string;
  text: string;
  value: number;
  max: number;
  color: string;
}) {
  const percent = Math.min(100, Math.max(0, (value / max) * 100));
  return (
    <Box>
      <Group justify="space-between" mb={4}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        <Text size="sm" fw={600}>
          {text}
        </Text>
      </Group>
      <Progress.Root size="lg">
        <Progress.Section
          value={percent}
          color={color}
          withAria={false}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={value}
          aria-valuetext={text}
        />
      </Progress.Root>
    </Box>
  );
}
