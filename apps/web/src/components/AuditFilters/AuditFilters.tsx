import { AUDIT_ACTIONS } from '@lifeline/domain';
import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAccountId } from '../../lib/ids.ts';
import { useDraft } from '../../lib/use-draft.ts';
import type { RouterInputs } from '../../trpc.ts';

/** The filters as the page keeps them (and the URL carries them): plain strings, days as YYYY-MM-DD. */
export interface AuditFilterValues {
  staffId: string;
  action: string;
  accountId: string;
  from: string;
  to: string;
}

function sameFilters(a: AuditFilterValues, b: AuditFilterValues): boolean {
  return (Object.keys(a) as Array<keyof AuditFilterValues>).every((key) => a[key] === b[key]);
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = {
  staffId: '',
  action: '',
  accountId: '',
  from: '',
  to: '',
};

/** Local midnight of a YYYY-MM-DD day, in epoch ms. */
function startOfDay(day: string): number | undefined {
  const ms = Date.parse(`${day}T00:00:00`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Midnight after the day: the API's `to` is exclusive, the form's "to" day is included. */
function endOfDay(day: string): number | undefined {
  const start = startOfDay(day);
  if (start === undefined) return undefined;
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  return next.getTime();
}

/** The filters of `audit.list` (and of the CSV, which takes the same ones), without paging. */
export type AuditQueryFilters = Omit<
  Extract<RouterInputs['audit']['list'], object>,
  'cursor' | 'limit'
>;

/** Form values → the `audit.list` / CSV filters (only what is set and valid). */
export function toAuditQuery(values: AuditFilterValues): AuditQueryFilters {
  const query: AuditQueryFilters = {};
  if (values.staffId.trim()) query.staffId = values.staffId.trim();
  if ((AUDIT_ACTIONS as readonly string[]).includes(values.action)) {
    query.action = values.action as AuditQueryFilters['action'];
  }
  if (isAccountId(values.accountId.trim())) query.accountId = values.accountId.trim();
  const from = values.from ? startOfDay(values.from) : undefined;
  const to = values.to ? endOfDay(values.to) : undefined;
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  return query;
}

/** The CSV export URL with the same filters as the table; the session cookie rides along. */
export function auditCsvHref(query: AuditQueryFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `/api/audit.csv?${qs}` : '/api/audit.csv';
}

export function validateAuditFilters(values: AuditFilterValues) {
  const accountId = values.accountId.trim();
  return {
    accountId: accountId !== '' && !isAccountId(accountId),
    range: values.from !== '' && values.to !== '' && values.from > values.to,
  };
}

/**
 * Staff (a list for admins, who may read the staff directory; an id otherwise), action in
 * words, account id and a day range. Applied on submit so typing an id does not fire a query
 * per keystroke.
 */
export function AuditFilters({
  value,
  onApply,
  staffOptions,
  showStaff = true,
  extra,
}: {
  value: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
  staffOptions?: Array<{ value: string; label: string }> | undefined;
  showStaff?: boolean;
  /** Shown at the end of the buttons row (the CSV link, which carries the applied filters). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  // The applied filters come from the URL: Back or a shared link replaces what is typed here.
  const [draft, setDraft] = useDraft(value, sameFilters);
  const invalid = validateAuditFilters(draft);
  const set = (key: keyof AuditFilterValues) => (next: string | null) =>
    setDraft((current) => ({ ...current, [key]: next ?? '' }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (invalid.accountId || invalid.range) return;
    onApply(draft);
  }

  return (
    <form onSubmit={submit} aria-label={t('audit.filters.title')}>
      <SimpleGrid cols={showStaff ? 5 : 4} spacing="sm">
        {showStaff &&
          (staffOptions ? (
            <Select
              label={t('audit.filters.staff')}
              placeholder={t('audit.filters.staffAny')}
              data={staffOptions}
              value={draft.staffId || null}
              onChange={set('staffId')}
              clearable
              searchable
            />
          ) : (
            <TextInput
              label={t('audit.filters.staffId')}
              placeholder="stf_…"
              value={draft.staffId}
              onChange={(e) => set('staffId')(e.currentTarget.value)}
            />
          ))}
        <Select
          label={t('audit.filters.action')}
          placeholder={t('audit.filters.actionAny')}
          data={AUDIT_ACTIONS.map((action) => ({
            value: action,
            label: t(`audit.action.${action}`),
          }))}
          value={draft.action || null}
          onChange={set('action')}
          clearable
          searchable
        />
        <TextInput
          label={t('audit.filters.account')}
          placeholder="acc_…"
          value={draft.accountId}
          onChange={(e) => set('accountId')(e.currentTarget.value)}
          error={invalid.accountId ? t('audit.filters.accountInvalid') : undefined}
        />
        <TextInput
          type="date"
          label={t('audit.filters.from')}
          value={draft.from}
          onChange={(e) => set('from')(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('audit.filters.to')}
          value={draft.to}
          onChange={(e) => set('to')(e.currentTarget.value)}
          error={invalid.range ? t('audit.filters.rangeInvalid') : undefined}
        />
      </SimpleGrid>
      <Group justify="space-between" mt="sm">
        <Group gap="xs">
          <Button type="submit" leftSection={<IconFilter size={16} />}>
            {t('audit.filters.apply')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconX size={16} />}
            onClick={() => {
              setDraft(EMPTY_AUDIT_FILTERS);
              onApply(EMPTY_AUDIT_FILTERS);
            }}
          >
            {t('audit.filters.clear')}
          </Button>
        </Group>
        {extra}
      </Group>
    </form>
  );
}
