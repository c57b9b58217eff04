import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toAuditQuery } from '../components/AuditFilters/AuditFilters.tsx';
import { QueryState } from '../components/QueryState/QueryState.tsx';
import { ReactivationReport } from '../components/ReactivationReport/ReactivationReport.tsx';
import { RequireCapability } from '../components/RequireCapability/RequireCapability.tsx';
import { formatDate } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useTRPC } from '../trpc.ts';

export default function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.reports'));
  return (
    <RequireCapability capability="reports.read">
      <Reports />
    </RequireCapability>
  );
}

function Reports() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState({ from, to });
  const rangeInvalid = draft.from !== '' && draft.to !== '' && draft.from > draft.to;

  // Same day semantics as the audit filters: "to" is included, so the query ends the next midnight.
  const range = useMemo(() => {
    const q = toAuditQuery({ staffId: '', action: '', accountId: '', from, to });
    return {
      ...(q.from !== undefined && { from: q.from }),
      ...(q.to !== undefined && { to: q.to }),
    };
  }, [from, to]);
  const report = useQuery({
    ...trpc.audit.reactivationReport.queryOptions(range),
    placeholderData: keepPreviousData,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (rangeInvalid) return;
    const next = new URLSearchParams();
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    setParams(next);
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('reports.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('reports.intro')}
        </Text>
      </div>
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label={t('reports.rangeLabel')}>
          <Group align="flex-start" gap="sm">
            <TextInput
              type="date"
              label={t('reports.from')}
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
              w={160}
            />
            <TextInput
              type="date"
              label={t('reports.to')}
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
              error={rangeInvalid ? t('audit.filters.rangeInvalid') : undefined}
              w={160}
            />
            <Group gap="xs" mt={25}>
              <Button type="submit" leftSection={<IconCalendar size={16} />}>
                {t('reports.apply')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setDraft({ from: '', to: '' });
                  setParams(new URLSearchParams());
                }}
              >
                {t('reports.defaultRange')}
              </Button>
            </Group>
            {report.data && (
              <Text size="sm" c="dimmed" mt={32} aria-live="polite">
                {t('reports.range', {
                  from: formatDate(report.data.from, i18n.language),
                  // `to` is exclusive: show the last day it covers.
                  to: formatDate(report.data.to - 1, i18n.language),
                })}
              </Text>
            )}
          </Group>
        </form>
      </Paper>
      {report.data && !report.isError ? (
        <ReactivationReport report={report.data} now={now} />
      ) : (
        <QueryState query={report} />
      )}
    </Stack>
  );
}
