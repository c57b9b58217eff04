import { i18n } from '../i18n/index.ts';

// Dates are UTC epoch ms from the API; the console shows them in the agent's time zone,
// absolute and relative together (SPEC §15), in the UI language.

function locale(language?: string): string {
  return (language ?? i18n.language).startsWith('fr') ? 'fr-FR' : 'en-GB';
}

export function formatDate(ms: number | null | undefined, language?: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium' }).format(ms);
}

export function formatDateTime(ms: number | null | undefined, language?: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(ms);
}

export function formatTime(ms: number | null | undefined, language?: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale(language), { timeStyle: 'short' }).format(ms);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 days", "2 hours ago", "il y a 2 heures". */
export function formatRelative(
  ms: number | null | undefined,
  now: number,
  language?: string,
): string {
  if (ms === null || ms === undefined) return '';
  const diff = ms - now;
  const rtf = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit);
  }
  return rtf.format(Math.round(diff / 1000), 'second');
}

/** Both at once, the way findings show dates: "12 Nov 2026 (10 days ago)". */
export function formatWhen(ms: number | null | undefined, now: number, language?: string): string {
  if (ms === null || ms === undefined) return '—';
  return `${formatDateTime(ms, language)} (${formatRelative(ms, now, language)})`;
}

export function formatMoney(cents: number, language?: string, currency = 'EUR'): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency }).format(
    cents / 100,
  );
}

export function formatNumber(value: number, language?: string): string {
  return new Intl.NumberFormat(locale(language)).format(value);
}
