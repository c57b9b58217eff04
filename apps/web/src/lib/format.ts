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

/**
 * "in 3 days", "2 hours ago", "il y a 2 heures". Whole units only, rounded toward now: 3 days and
 * 20 hours ahead is "in 3 days", as the days-left count beside it says (never more time than is
 * left).
 */
export function formatRelative(
  ms: number | null | undefined,
  now: number,
  language?: string,
): string {
  if (ms === null || ms === undefined) return '';
  const diff = ms - now;
  const rtf = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size) return rtf.format(Math.trunc(diff / size), unit);
  }
  return rtf.format(Math.trunc(diff / 1000), 'second');
}

/** The console's own time zone (the staff member's browser), e.g. "Europe/Paris". */
export function consoleTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A deadline as a caller hears it: day, month, time and the zone it is in, e.g. "5 December,
 * 11:44 (Paris time)" / "5 décembre à 11:44 (heure de Paris)"; the year only when it is not the
 * current one. Customers have no time zone of their own yet, so it is the console's.
 */
export function formatDeadline(
  ms: number,
  language: string,
  { now = Date.now(), timeZone = consoleTimeZone() }: { now?: number; timeZone?: string } = {},
): string {
  const yearOf = (at: number) =>
    new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at);
  const date = new Intl.DateTimeFormat(locale(language), {
    timeZone,
    day: 'numeric',
    month: 'long',
    ...(yearOf(ms) === yearOf(now) ? {} : { year: 'numeric' }),
  }).format(ms);
  const time = new Intl.DateTimeFormat(locale(language), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
  const t = i18n.getFixedT(language);
  // "Europe/Paris" reads as "Paris time"; UTC and the like by their own name.
  const city = timeZone.includes('/') ? (timeZone.split('/').pop() ?? timeZone) : null;
  const zone = city ? t('script.part.zone', { city: city.replaceAll('_', ' ') }) : timeZone;
  return t('script.part.deadline', { date, time, zone });
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
