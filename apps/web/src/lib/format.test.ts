import { describe, expect, it } from 'vitest';
import { formatDate, formatDeadline, formatMoney, formatRelative } from './format.ts';

describe('format', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  it('shows relative times in both languages', () => {
    expect(formatRelative(now - 10 * 86_400_000, now, 'en')).toBe('10 days ago');
    expect(formatRelative(now + 3 * 3_600_000, now, 'fr')).toBe('dans 3 heures');
  });
  it('never rounds a time ahead up: 3 days and 20 hours is "in 3 days"', () => {
    expect(formatRelative(now + 3 * 86_400_000 + 20 * 3_600_000, now, 'en')).toBe('in 3 days');
    expect(formatRelative(now + 23 * 3_600_000 + 50 * 60_000, now, 'en')).toBe('in 23 hours');
  });
  it('gives a deadline as day, month, time and zone, the year only when it is another', () => {
    const deadline = Date.UTC(2026, 11, 5, 10, 44);
    const paris = { now, timeZone: 'Europe/Paris' };
    expect(formatDeadline(deadline, 'en', paris)).toBe('5 December, 11:44 (Paris time)');
    expect(formatDeadline(deadline, 'fr', paris)).toBe('5 décembre à 11:44 (heure de Paris)');
    expect(formatDeadline(Date.UTC(2027, 0, 5, 10, 44), 'en', { now, timeZone: 'UTC' })).toBe(
      '5 January 2027, 10:44 (UTC)',
    );
  });
  it('formats money and dates per language', () => {
    expect(formatMoney(-4900, 'en')).toBe('-€49.00');
    expect(formatDate(now, 'fr')).toMatch(/23 nov\.? 2026/);
  });
});
