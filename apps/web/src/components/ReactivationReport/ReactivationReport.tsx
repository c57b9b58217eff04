// The charts' styles come with the only page that draws one (not in the console's first load).
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Badge, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../lib/format.ts';
import type { RouterOutputs } from '../../trpc.ts';
import { AccountLink } from '../AuditTable/AuditTable.tsx';
import { CoverageBar } from '../CoverageBar/CoverageBar.tsx';
import { ReviewStatusBadge } from '../ReviewQueue/ReviewQueue.tsx';
import { TicketRef } from '../TicketRef/TicketRef.tsx';
import { When } from '../When/When.tsx';

export type ReactivationReportData = RouterOutputs['audit']['reactivationReport'];

function Stat({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <Card padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone}>
        {value}
      </Text>
    </Card>
  );
}

/**
 * The reactivation report (SPEC §8): per agent and per ISO week, the days-left distribution as
 * a chart, and the reactivations made within 7 days of the purge, listed one by one.
 */
export function ReactivationReport({
  report,
  now,
}: {
  report: ReactivationReportData;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const totals = report.agents.reduce(
    (sum, agent) => ({
      reactivations: sum.reactivations + agent.reactivations,
      reviewed: sum.reviewed + agent.reviewed,
      nearPurge: sum.nearPurge + agent.withinSevenDaysOfPurge,
      failures: sum.failures + agent.verificationFailures,
      concerns: sum.concerns + agent.openConcerns,
    }),
    { reactivations: 0, reviewed: 0, nearPurge: 0, failures: 0, concerns: 0 },
  );
  const distribution = report.buckets.map((bucket) => ({
    bucket: t('reports.distribution.bucket', { range: bucket }),
    reactivations: report.weeks.reduce((sum, week) => sum + week.daysLeft[bucket], 0),
  }));
  const distributionSummary = distribution
    .map((row) => `${row.bucket}: ${n(row.reactivations)}`)
    .join(', ');

  return (
    <Stack gap="md">
      <SimpleGrid cols={5} spacing="sm">
        <Stat label={t('reports.columns.reactivations')} value={n(totals.reactivations)} />
        <Stat
          label={t('reports.columns.nearPurge')}
          value={n(totals.nearPurge)}
          tone={totals.nearPurge > 0 ? 'orange' : undefined}
        />
        <Stat label={t('reports.columns.failures')} value={n(totals.failures)} />
        <Stat
          label={t('reports.columns.coverage')}
          value={
            totals.reactivations === 0
              ? '—'
              : new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(
                  totals.reviewed / totals.reactivations,
                )
          }
        />
        <Stat
          label={t('reports.columns.concerns')}
          value={n(totals.concerns)}
          tone={totals.concerns > 0 ? 'red' : undefined}
        />
      </SimpleGrid>

      {report.agents.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          {t('reports.empty')}
        </Text>
      )}

      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('reports.agents.title')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.columns.agent')}</Table.Th>
                <Table.Th ta="right">{t('reports.columns.reactivations')}</Table.Th>
                <Table.Th ta="right">{t('reports.columns.nearPurge')}</Table.Th>
                <Table.Th ta="right">{t('reports.columns.failures')}</Table.Th>
                <Table.Th>{t('reports.columns.coverage')}</Table.Th>
                <Table.Th ta="right">{t('reports.columns.concerns')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.agents.map((agent) => (
                <Table.Tr key={agent.agentId}>
                  <Table.Td>{agent.agentName ?? agent.agentId}</Table.Td>
                  <Table.Td ta="right">{n(agent.reactivations)}</Table.Td>
                  <Table.Td ta="right">{n(agent.withinSevenDaysOfPurge)}</Table.Td>
                  <Table.Td ta="right">{n(agent.verificationFailures)}</Table.Td>
                  <Table.Td>
                    <CoverageBar
                      reviewed={agent.reviewed}
                      total={agent.reactivations}
                      coverage={agent.coverage}
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    {agent.openConcerns > 0 ? (
                      <Badge miw="max-content" color="red" variant="light">
                        {n(agent.openConcerns)}
                      </Badge>
                    ) : (
                      n(0)
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card h="100%">
            <Title order={3} size="h4" mb="sm">
              {t('reports.distribution.title')}
            </Title>
            <figure style={{ margin: 0 }}>
              <BarChart
                h={220}
                data={distribution}
                dataKey="bucket"
                series={[
                  {
                    name: 'reactivations',
                    label: t('reports.columns.reactivations'),
                    color: 'teal.6',
                  },
                ]}
                withBarValueLabel
                tickLine="y"
                gridAxis="y"
                yAxisProps={{ allowDecimals: false }}
                // Hidden from assistive tech (the caption says it in words), so not focusable
                // either: recharts' keyboard layer would leave a tab stop inside aria-hidden.
                barChartProps={{ accessibilityLayer: false }}
                aria-hidden
              />
              <figcaption>
                <Text size="xs" c="dimmed" mt="xs">
                  {t('reports.distribution.caption', { summary: distributionSummary })}
                </Text>
              </figcaption>
            </figure>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card h="100%">
            <Group justify="space-between" mb="sm">
              <Title order={3} size="h4">
                {t('reports.nearPurge.title')}
              </Title>
              <Badge
                miw="max-content"
                color={report.nearPurge.length > 0 ? 'orange' : 'gray'}
                variant="light"
              >
                {n(report.nearPurge.length)}
              </Badge>
            </Group>
            {report.nearPurge.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('reports.nearPurge.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={520} mah={260}>
                <Table verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('reports.nearPurge.reactivated')}</Table.Th>
                      <Table.Th>{t('lead.account')}</Table.Th>
                      <Table.Th>{t('lead.daysLeftLabel')}</Table.Th>
                      <Table.Th>{t('reviews.columns.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.nearPurge.map((row) => (
                      <Table.Tr key={row.reviewId}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {row.agentName ?? row.agentId}
                          </Text>
                          <When at={row.reactivatedAt} now={now} size="xs" />
                        </Table.Td>
                        <Table.Td>
                          <AccountLink accountId={row.accountId} />
                          <Text size="xs" c="dimmed">
                            {t(`lead.deactivationReason.${row.deactivationReason}`)} ·{' '}
                            <TicketRef ticketRef={row.ticketRef} style={{ whiteSpace: 'nowrap' }} />
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge miw="max-content" tt="none" color="orange" variant="light">
                            {t('lead.daysLeft', { count: row.daysLeft })}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <ReviewStatusBadge status={row.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        </Grid.Col>
      </Grid>

      <Card>
        <Title order={3} size="h4" mb="sm">
          {t('reports.weeks.title')}
        </Title>
        {report.weeks.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reports.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.columns.week')}</Table.Th>
                  <Table.Th>{t('reports.columns.agent')}</Table.Th>
                  <Table.Th ta="right">{t('reports.columns.reactivations')}</Table.Th>
                  <Table.Th ta="right">{t('reports.columns.nearPurge')}</Table.Th>
                  <Table.Th ta="right">{t('reports.columns.failures')}</Table.Th>
                  <Table.Th>{t('reports.columns.coverage')}</Table.Th>
                  <Table.Th ta="right">{t('reports.columns.concerns')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.weeks.map((week) => (
                  <Table.Tr key={`${week.agentId}|${week.week}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {week.week}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('reports.weeks.weekOf', {
                          date: formatDate(
                            Date.parse(`${week.weekStart}T12:00:00Z`),
                            i18n.language,
                          ),
                        })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{week.agentName ?? week.agentId}</Table.Td>
                    <Table.Td ta="right">{n(week.reactivations)}</Table.Td>
                    <Table.Td ta="right">{n(week.withinSevenDaysOfPurge)}</Table.Td>
                    <Table.Td ta="right">{n(week.verificationFailures)}</Table.Td>
                    <Table.Td>
                      <CoverageBar
                        reviewed={week.reviewed}
                        total={week.reactivations}
                        coverage={
                          week.reactivations === 0 ? null : week.reviewed / week.reactivations
                        }
                      />
                    </Table.Td>
                    <Table.Td ta="right">{n(week.concerns)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
