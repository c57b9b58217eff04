import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatRelative } from './format.ts';

describe('format', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  it('shows relative times in both languages', () => {
    expect(formatRelative(now - 10 * 86_400_000, now, 'en')).toBe('10 days ago');
    expect(formatRelative(now + 3 * 3_600_000, now, 'fr')).toBe('dans 3 heures');
  });
  it('formats money and dates per language', () => {
    expect(formatMoney(-4900, 'en')).toBe('-€49.00');
    expect(formatDate(now, 'fr')).toMatch(/23 nov\.? 2026/);
  });
});
