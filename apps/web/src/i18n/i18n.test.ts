import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keys(inner, prefix ? `${prefix}.${key}` : key),
  );
}

function leaf(messages: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], messages);
}

/**
 * French strings that are rightly the same as the English ones: the product's name, words
 * French shares with English ("Contacts", "Date", "Ticket", "Agent", "Action", "Note", "Info"),
 * units and placeholders. Anything else identical is a string nobody translated.
 */
const SAME_IN_FRENCH = new Set([
  'app.name',
  'account.data.contacts',
  'account.billing.date',
  'account.timeline.ticket',
  'outbox.filterPlaceholder',
  'lead.agent',
  'lead.ticket',
  'lead.role.agent',
  'audit.columns.action',
  'audit.columns.ticket',
  'audit.filters.action',
  'reports.columns.agent',
  'reviews.columns.actions',
  'reviews.modal.note',
  'identityChecks.duration.minutes',
  'identityChecks.duration.hours',
  'identityChecks.modal.note',
  'staff.columns.actions',
  'security.columns.actions',
  'lookup.ticket.placeholder',
  'lookup.severity.info',
  'lookup.count.contacts_one',
  'lookup.count.contacts_other',
  'lookup.facts.afterValue',
  'lookup.facts.recent.context',
  'lookup.verify.ticket',
  'nav.webhooks',
  'webhooks.title',
  'webhooks.create.url',
  'webhooks.create.description',
  'webhooks.columns.actions',
  'webhooks.deliveries.ms',
]);

describe('translations', () => {
  it('have the same keys in English and French', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('translate every string into French, except those listed as the same on purpose', () => {
    const untranslated = keys(en).filter(
      (key) => !SAME_IN_FRENCH.has(key) && leaf(fr, key) === leaf(en, key),
    );
    expect(untranslated).toEqual([]);
    // The list stays honest: an entry that is translated now, or gone, leaves it.
    const stale = [...SAME_IN_FRENCH].filter((key) => leaf(fr, key) !== leaf(en, key));
    expect(stale).toEqual([]);
  });

  it('call the account holder one thing in French, everywhere', () => {
    expect(fr.lookup.role).toEqual(fr.account.logins.roles);
    expect(fr.lookup.role.owner).toBe('Titulaire');
    const other = keys(fr).filter((key) => /propriétaire/i.test(String(leaf(fr, key))));
    expect(other).toEqual([]);
  });

  it('keep every interpolation placeholder in French', () => {
    const enLeaves = new Map(
      keys(en).map((k) => [
        k,
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en),
      ]),
    );
    for (const [key, text] of enLeaves) {
      const frText = key
        .split('.')
        .reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], fr);
      const placeholders = (s: unknown) =>
        [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(frText), key).toEqual(placeholders(text));
    }
  });
});

describe('customer scripts', () => {
  it('exist in both languages for every script key the domain can produce', async () => {
    const { SCRIPT_KEYS } = await import('@lifeline/domain');
    const at = (messages: unknown, path: string) =>
      path
        .split('.')
        .reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], messages);
    for (const key of SCRIPT_KEYS) {
      expect(typeof at(en.script, key), `en script.${key}`).toBe('string');
      expect(typeof at(fr.script, key), `fr script.${key}`).toBe('string');
    }
  });
});
