import { WINDOW_DAYS } from '@lifeline/domain';
import { Alert, Anchor, Badge, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { IconEyeOff, IconInfoCircle, IconShieldCheck } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Finding } from '../../lib/actions.ts';
import { ACCOUNT_STATUS_COLOURS, dunningColour, windowColour } from '../../lib/colours.ts';
import {
  formatDeadline,
  formatMoney,
  formatRelative,
  formatTime,
  formatWhen,
} from '../../lib/format.ts';
import { Fact, Facts } from '../Facts/Facts.tsx';
import { TicketRef } from '../TicketRef/TicketRef.tsx';

/** "1,840 contacts, 1 list, 42 campaigns", plural-aware in both languages. */
export function dataCounts(
  t: (key: string, options: { count: number }) => string,
  data: { contacts: number; lists: number; campaigns: number },
): string {
  return [
    t('lookup.count.contacts', { count: data.contacts }),
    t('lookup.count.lists', { count: data.lists }),
    t('lookup.count.campaigns', { count: data.campaigns }),
  ].join(', ');
}

/** The facts behind a finding, in the UI language, dates absolute and relative. */
export function FindingFacts({
  finding,
  now,
  onDiagnose,
  callerVerified = false,
}: {
  finding: Finding;
  now: number;
  onDiagnose?: (identifier: string) => void;
  /** The caller is verified as the holder of the finding's login. */
  callerVerified?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const when = (ms: number | null | undefined) => formatWhen(ms, now, i18n.language);
  const reason = (value: string | null) =>
    value === null ? '—' : t(`lookup.facts.reasons.${value}`, { defaultValue: value });

  switch (finding.code) {
    case 'identifier_not_found': {
      const { nearMatches, givenAs } = finding.facts;
      if (givenAs === 'account_id') {
        return <Text size="sm">{t('lookup.facts.notFoundAccountId')}</Text>;
      }
      return (
        <Stack gap="xs">
          <Text size="sm">{t('lookup.facts.notFound')}</Text>
          {nearMatches.length > 0 ? (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconEyeOff size={18} />}
              title={t('lookup.facts.nearMatchesTitle')}
            >
              <Stack gap={6}>
                <Text size="sm" fw={600}>
                  {t('lookup.facts.nearMatchesWarning')}
                </Text>
                <Group gap="xs">
                  {nearMatches.map((identifier) => (
                    <Button
                      key={identifier}
                      size="compact-sm"
                      variant="default"
                      onClick={() => onDiagnose?.(identifier)}
                      aria-label={t('lookup.facts.diagnoseThis', { identifier })}
                    >
                      {identifier}
                    </Button>
                  ))}
                </Group>
              </Stack>
            </Alert>
          ) : (
            <Text size="sm" c="dimmed">
              {t('lookup.facts.noNearMatches')}
            </Text>
          )}
        </Stack>
      );
    }
    case 'purged':
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.deactivatedAt')}>{when(finding.facts.deactivatedAt)}</Fact>
            <Fact label={t('lookup.facts.purgedAt')}>{when(finding.facts.purgedAt)}</Fact>
          </Facts>
          <Text size="sm">{t('lookup.facts.purgedNote')}</Text>
        </Stack>
      );
    case 'ambiguous_login':
      return (
        <Stack gap="xs">
          <Text size="sm">{t('lookup.facts.ambiguousNote')}</Text>
          <List size="sm" spacing={4} aria-label={t('lookup.facts.memberships')}>
            {finding.facts.memberships.map((membership) => (
              <List.Item key={membership.loginId}>
                <Group gap={6} wrap="nowrap">
                  <Badge
                    miw="max-content"
                    size="sm"
                    variant="light"
                    color={membership.role === 'owner' ? 'indigo' : 'grape'}
                  >
                    {t(`lookup.role.${membership.role}`)}
                  </Badge>
                  <Anchor component={Link} to={`/accounts/${membership.accountId}`} size="sm">
                    {membership.accountId}
                  </Anchor>
                  <Badge
                    miw="max-content"
                    size="sm"
                    variant="outline"
                    color={ACCOUNT_STATUS_COLOURS[membership.accountStatus]}
                  >
                    {t(`lookup.status.${membership.accountStatus}`)}
                  </Badge>
                </Group>
              </List.Item>
            ))}
          </List>
        </Stack>
      );
    case 'deactivated_reactivatable': {
      const { facts } = finding;
      const color = windowColour(facts.daysLeft);
      const daysLeftText = t('lookup.facts.daysLeft', { count: facts.daysLeft });
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.reason')}>{reason(facts.reason)}</Fact>
            <Fact label={t('lookup.facts.deactivatedAt')}>{when(facts.deactivatedAt)}</Fact>
            {/* The deadline itself, with its zone, beside the rounded-up count of SPEC §3: a
                relative "in 3 days" next to "4 days left" would read as a contradiction. */}
            <Fact label={t('lookup.facts.purgeAfter')}>
              {formatDeadline(facts.purgeAfter, i18n.language, { now })}
            </Fact>
          </Facts>
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm" id={`window-${finding.accountId}`}>
                {t('lookup.facts.window')}
              </Text>
              <Text size="sm" fw={700} c={color}>
                {daysLeftText}
              </Text>
            </Group>
            {/* The ARIA goes on the section: Mantine's <Progress> puts the role there, not on
                the root, so a label given to the root leaves the progressbar unnamed. */}
            <Progress.Root size="lg">
              <Progress.Section
                value={(facts.daysLeft / WINDOW_DAYS) * 100}
                color={color}
                withAria={false}
                role="progressbar"
                aria-labelledby={`window-${finding.accountId}`}
                aria-valuemin={0}
                aria-valuemax={WINDOW_DAYS}
                aria-valuenow={facts.daysLeft}
                aria-valuetext={daysLeftText}
              />
            </Progress.Root>
          </Stack>
          <Facts layout="list">
            <Fact label={t('lookup.facts.restored')}>{dataCounts(t, facts.restored)}</Fact>
            <Fact label={t('lookup.facts.after')}>
              {t('lookup.facts.afterValue', {
                status: t(`lookup.status.${facts.statusAfter}`),
                plan: t(`lookup.plan.${facts.planAfter}`),
              })}
            </Fact>
          </Facts>
        </Stack>
      );
    }
    case 'deactivated_window_closed': {
      const { facts } = finding;
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.reason')}>{reason(facts.reason)}</Fact>
            <Fact label={t('lookup.facts.deactivatedAt')}>{when(facts.deactivatedAt)}</Fact>
            <Fact label={t('lookup.facts.windowClosedAt')}>{when(facts.purgeAfter)}</Fact>
            <Fact label={t('lookup.facts.purgeDueAt')}>{when(facts.purgeDueAt)}</Fact>
          </Facts>
          <Text size="sm">{t('lookup.facts.windowClosedNote')}</Text>
        </Stack>
      );
    }
    case 'deactivated_terms':
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.reason')}>{reason(finding.facts.reason)}</Fact>
            <Fact label={t('lookup.facts.deactivatedAt')}>{when(finding.facts.deactivatedAt)}</Fact>
          </Facts>
          <Text size="sm">{t('lookup.facts.termsNote')}</Text>
        </Stack>
      );
    case 'login_locked': {
      const { facts } = finding;
      return (
        <Facts layout="list">
          <Fact label={t('lookup.facts.lockedUntil')}>
            {facts.permanent || facts.lockedUntil === null ? (
              <Text span size="sm" fw={600} c="red">
                {t('lookup.facts.lockPermanent')}
              </Text>
            ) : (
              when(facts.lockedUntil)
            )}
          </Fact>
          <Fact label={t('lookup.facts.lockoutCount')}>
            {t('lookup.facts.lockoutCountValue', { count: facts.lockoutCount })}
          </Fact>
        </Facts>
      );
    }
    case 'identity_check_required': {
      const { facts } = finding;
      return (
        <Facts layout="list">
          <Fact label={t('lookup.facts.checkStatus')}>
            {t(`lookup.facts.checkStatuses.${facts.checkStatus}`)}
          </Fact>
          <Fact label={t('lookup.facts.placedAt')}>{when(facts.placedAt)}</Fact>
          {facts.submittedAt !== null && (
            <Fact label={t('lookup.facts.submittedAt')}>{when(facts.submittedAt)}</Fact>
          )}
          {facts.dueAt !== null && (
            <Fact label={t('lookup.facts.dueAt')}>
              <Group gap={6}>
                <span>{when(facts.dueAt)}</span>
                {facts.checkStatus === 'submitted' &&
                  (facts.overdue ? (
                    <Badge color="red">{t('lookup.facts.overdue')}</Badge>
                  ) : (
                    <Badge color="teal" variant="light">
                      {t('lookup.facts.onTime')}
                    </Badge>
                  ))}
              </Group>
            </Fact>
          )}
          {facts.decidedAt !== null && (
            <Fact label={t('lookup.facts.decidedAt')}>{when(facts.decidedAt)}</Fact>
          )}
        </Facts>
      );
    }
    case 'suspicious_activity':
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.placedAt')}>{when(finding.facts.placedAt)}</Fact>
            <Fact label={t('lookup.facts.customerNotifiedAt')}>
              {when(finding.facts.customerNotifiedAt)}
            </Fact>
          </Facts>
          <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />}>
            {t('lookup.facts.suspiciousNote')}
          </Alert>
        </Stack>
      );
    case 'self_block':
      return (
        <Facts layout="list">
          <Fact label={t('lookup.facts.placedAt')}>{when(finding.facts.placedAt)}</Fact>
        </Facts>
      );
    case 'limited_payment_failed': {
      const { facts } = finding;
      const day = facts.dayOfDunning;
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.balance')}>
              {formatMoney(Math.abs(facts.balanceCents), i18n.language)}
            </Fact>
            <Fact
              label={
                facts.startedBy === 'reactivation'
                  ? t('lookup.facts.dunningRestartedAt')
                  : t('lookup.facts.paymentFailedAt')
              }
            >
              {when(facts.paymentFailedAt)}
            </Fact>
            <Fact label={t('lookup.facts.nextRetryAt')}>
              {facts.nextRetryAt === null
                ? t('lookup.facts.noMoreRetries')
                : when(facts.nextRetryAt)}
            </Fact>
            <Fact label={t('lookup.facts.deactivatesAt')}>{when(facts.deactivatesAt)}</Fact>
          </Facts>
          {facts.startedBy === 'reactivation' && (
            <Text size="sm">{t('lookup.facts.dunningRestartedNote')}</Text>
          )}
          {day !== null && (
            <Stack gap={4}>
              <Text size="sm" fw={700} id={`dunning-${finding.accountId}`}>
                {t('lookup.facts.dayOfDunning', { day, total: facts.dunningDays })}
              </Text>
              <Progress.Root size="md">
                <Progress.Section
                  value={(day / facts.dunningDays) * 100}
                  color={dunningColour(day, facts.dunningDays)}
                  withAria={false}
                  role="progressbar"
                  aria-labelledby={`dunning-${finding.accountId}`}
                  aria-valuemin={0}
                  aria-valuemax={facts.dunningDays}
                  aria-valuenow={day}
                />
              </Progress.Root>
            </Stack>
          )}
        </Stack>
      );
    }
    case 'username_login': {
      const { facts } = finding;
      return (
        <Stack gap="xs">
          <Facts layout="list">
            <Fact label={t('lookup.facts.username')}>
              <Text span ff="monospace" size="sm">
                {facts.usernames.join(', ')}
              </Text>
            </Fact>
            <Fact label={t('lookup.facts.givenAs')}>
              {t(`lookup.facts.givenAsValues.${facts.givenAs}`)}
            </Fact>
          </Facts>
          {facts.verifyBeforeReading && !callerVerified && (
            <Alert color="yellow" variant="light" icon={<IconEyeOff size={18} />}>
              {t('lookup.facts.usernameVerifyFirst')}
            </Alert>
          )}
          {facts.verifyBeforeReading && callerVerified && (
            <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />}>
              {t('lookup.facts.usernameVerified')}
            </Alert>
          )}
        </Stack>
      );
    }
    case 'recent_credential_change':
      return (
        <Facts layout="list">
          <Fact label={t('lookup.facts.changedAt')}>{when(finding.facts.changedAt)}</Fact>
        </Facts>
      );
    case 'recent_support_action': {
      const { facts } = finding;
      const who = facts.byYou ? t('lookup.facts.recent.byYou') : t('lookup.facts.recent.byOther');
      // The server's clock may be a second ahead of this one: it was done, never "in 1 second".
      const ago = formatRelative(Math.min(facts.at, now), now, i18n.language);
      return (
        <Stack gap={4}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconShieldCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text size="sm" fw={600}>
              {t(`lookup.facts.recent.${facts.outcome}`, {
                time: formatTime(facts.at, i18n.language),
                who,
              })}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {facts.ticketRef ? (
              <Trans
                i18nKey="lookup.facts.recent.context"
                values={{ ago, ticketRef: facts.ticketRef }}
                components={{ ticket: <TicketRef ticketRef={facts.ticketRef} /> }}
              />
            ) : (
              ago
            )}
          </Text>
          <Text size="sm">
            {t('lookup.facts.recent.next')}
            {facts.resetLinkSentAt !== null && ` ${t('lookup.facts.recent.anotherLink')}`}
          </Text>
        </Stack>
      );
    }
    case 'no_blocker_found':
      return <Text size="sm">{t('lookup.facts.likelyWrongPassword')}</Text>;
  }
}
