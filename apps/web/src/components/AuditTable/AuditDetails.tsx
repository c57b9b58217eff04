import { Badge, Box, Code, DataList, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ before, after }` is how the audit records a changed field (SPEC §8). */
function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return (
    isObject(value) && 'before' in value && 'after' in value && Object.keys(value).length === 2
  );
}

/** Instants are epoch ms under names like `deactivatedAt`, `purgeAfter`, `lockedUntil`. */
function isInstantKey(key: string): boolean {
  return /(At|After|Until)$/.test(key);
}

export interface ChangeRow {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * Splits an event's details into changed fields (both `{ before: {…}, after: {…} }` snapshots
 * and per-field `{ before, after }` pairs) and the remaining plain facts.
 */
export function splitDetails(details: Json): {
  changes: ChangeRow[];
  facts: Array<[string, unknown]>;
} {
  const changes: ChangeRow[] = [];
  const facts: Array<[string, unknown]> = [];
  const { before, after, ...rest } = details;
  if (isObject(before) && isObject(after)) {
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      changes.push({ field, before: before[field], after: after[field] });
    }
  } else {
    if (before !== undefined) facts.push(['before', before]);
    if (after !== undefined) facts.push(['after', after]);
  }
  for (const [key, value] of Object.entries(rest)) {
    if (isChange(value)) changes.push({ field: key, before: value.before, after: value.after });
    else facts.push([key, value]);
  }
  return { changes, facts };
}

function useFormatValue() {
  const { t, i18n } = useTranslation();
  const format = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? t('lead.yes') : t('lead.no');
    if (typeof value === 'number') {
      return isInstantKey(key) && value > 100_000_000_000
        ? formatDateTime(value, i18n.language)
        : formatNumber(value, i18n.language);
    }
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((v) => format(key, v)).join(', ');
    if (isObject(value)) {
      return Object.entries(value)
        .map(([k, v]) => `${k}: ${format(k, v)}`)
        .join(' · ');
    }
    return String(value);
  };
  return format;
}

/** The details of one audit event, readable: a before/after table, facts, then the raw JSON. */
export function AuditDetails({ details }: { details: Json }) {
  const { t } = useTranslation();
  const format = useFormatValue();
  const { changes, facts } = splitDetails(details);
  if (changes.length === 0 && facts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noDetails')}
      </Text>
    );
  }
  return (
    <Box>
      {changes.length > 0 && (
        <Table
          withTableBorder
          withColumnBorders
          verticalSpacing={4}
          fz="sm"
          mb="sm"
          maw={760}
          aria-label={t('audit.changes')}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.field')}</Table.Th>
              <Table.Th>{t('audit.before')}</Table.Th>
              <Table.Th>{t('audit.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((row) => {
              const changed = JSON.stringify(row.before) !== JSON.stringify(row.after);
              return (
                <Table.Tr key={row.field}>
                  <Table.Td>
                    <Code>{row.field}</Code>{' '}
                    {changed && (
                      <Badge size="xs" variant="light" color="blue">
                        {t('audit.changed')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td c={changed ? undefined : 'dimmed'}>
                    {format(row.field, row.before)}
                  </Table.Td>
                  <Table.Td fw={changed ? 600 : undefined} c={changed ? undefined : 'dimmed'}>
                    {format(row.field, row.after)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {facts.length > 0 && (
        <DataList size="sm" gap={4} labelWidth={140} mb="sm">
          {facts.map(([key, value]) => (
            <DataList.Item key={key}>
              <DataList.ItemLabel>
                <Code>{key}</Code>
              </DataList.ItemLabel>
              <DataList.ItemValue>{format(key, value)}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      )}
      <details>
        <summary>
          <Text span size="sm">
            {t('audit.rawJson')}
          </Text>
        </summary>
        <Code block mt={4}>
          {JSON.stringify(details, null, 2)}
        </Code>
      </details>
    </Box>
  );
}
