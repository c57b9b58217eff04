import type { AuditOutcome, OutboxStatus } from '@lifeline/domain';
import {
  Badge,
  Card,
  Group,
  Timeline as MantineTimeline,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconHistory, IconMail } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { actorLabel } from '../../lib/actor.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { When } from '../When/When.tsx';

export type TimelineEntry = RouterOutputs['accounts']['get']['timeline'][number];

export const OUTCOME_COLOURS: Record<AuditOutcome, string> = {
  succeeded: 'green',
  passed: 'green',
  refused: 'orange',
  failed: 'red',
  locked: 'red',
};

export const EMAIL_STATUS_COLOURS: Record<OutboxStatus, string> = {
  pending: 'yellow',
  sent: 'green',
  failed: 'red',
};

/** What happened to the account, newest first: staff actions, refusals, jobs and emails. */
export function Timeline({ entries, now }: { entries: TimelineEntry[]; now: number }) {
  const { t } = useTranslation();
  // The API sends them newest first; sorting again keeps that promise for any caller.
  const ordered = [...entries].sort((a, b) => b.at - a.at);
  return (
    <Card component="section" aria-labelledby="timeline-title">
      <Title order={3} size="h4" id="timeline-title" mb="sm">
        {t('account.timeline.title')}
      </Title>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('account.timeline.empty')}
        </Text>
      ) : (
        <MantineTimeline
          active={ordered.length - 1}
          bulletSize={26}
          lineWidth={2}
          role="list"
          aria-labelledby="timeline-title"
        >
          {ordered.map((entry) =>
            entry.kind === 'event' ? (
              <MantineTimeline.Item
                key={entry.id}
                role="listitem"
                color={OUTCOME_COLOURS[entry.outcome]}
                bullet={
                  <ThemeIcon size={22} radius="xl" color={OUTCOME_COLOURS[entry.outcome]}>
                    <IconHistory size={14} />
                  </ThemeIcon>
                }
                title={
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {t(`account.timeline.actions.${entry.action}`, {
                        defaultValue: entry.action,
                      })}
                    </Text>
                    <Badge color={OUTCOME_COLOURS[entry.outcome]} variant="light" size="sm">
                      {t(`account.timeline.outcomes.${entry.outcome}`)}
                    </Badge>
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  <When at={entry.at} now={now} inherit />
                  {' · '}
                  {t('account.timeline.by', {
                    name: actorLabel(entry.staffId, entry.staffName, t),
                  })}
                  {entry.ticketRef && (
                    <>
                      {' · '}
                      <Trans
                        i18nKey="account.timeline.ticket"
                        values={{ ticketRef: entry.ticketRef }}
                        components={{ ticket: <TicketRef ticketRef={entry.ticketRef} /> }}
                      />
                    </>
                  )}
                </Text>
                {entry.reason && (
                  <Text
                    size="xs"
                    c="light-dark(var(--mantine-color-orange-9), var(--mantine-color-orange-4))"
                  >
                    {t(`reason.${entry.reason}`, { defaultValue: entry.reason })}
                  </Text>
                )}
              </MantineTimeline.Item>
            ) : (
              <MantineTimeline.Item
                key={entry.id}
                role="listitem"
                color={EMAIL_STATUS_COLOURS[entry.status]}
                bullet={
                  <ThemeIcon
                    size={22}
                    radius="xl"
                    variant="light"
                    color={EMAIL_STATUS_COLOURS[entry.status]}
                  >
                    <IconMail size={14} />
                  </ThemeIcon>
                }
                title={
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {t('account.timeline.email', {
                        template: t(`outbox.templates.${entry.template}`),
                      })}
                    </Text>
                    <Badge color={EMAIL_STATUS_COLOURS[entry.status]} variant="light" size="sm">
                      {t(`outbox.status.${entry.status}`)}
                    </Badge>
                  </Group>
                }
              >
                <Text size="xs" c="dimmed">
                  <When at={entry.at} now={now} inherit />
                  {' · '}
                  {t('account.timeline.to', { to: entry.to })}
                </Text>
              </MantineTimeline.Item>
            ),
          )}
        </MantineTimeline>
      )}
    </Card>
  );
}
