import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';

/** "2 of 3 · 67 %" with a bar; "—" when the agent reactivated nothing. */
export function CoverageBar({
  reviewed,
  total,
  coverage,
}: {
  reviewed: number;
  total: number;
  coverage: number | null;
}) {
  const { t, i18n } = useTranslation();
  if (coverage === null) return <Text c="dimmed">—</Text>;
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(coverage);
  const label = t('reports.coverageValue', {
    reviewed: formatNumber(reviewed, i18n.language),
    total: formatNumber(total, i18n.language),
    percent,
  });
  return (
    <Stack gap={2} miw={110}>
      <Text size="sm">{label}</Text>
      <Progress
        value={coverage * 100}
        size="sm"
        color={coverage >= 1 ? 'green' : coverage >= 0.5 ? 'teal' : 'orange'}
        aria-label={label}
      />
    </Stack>
  );
}
