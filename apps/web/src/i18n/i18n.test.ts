import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keys(inner, prefix ? `${prefix}.${key}` : key),
  );
}

describe('translations', () => {
  it('have the same keys in English and French', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
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
