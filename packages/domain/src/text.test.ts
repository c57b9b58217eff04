import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMultiLineText, cleanSingleLineText, isBlankText } from './text.ts';

/** Any Unicode format (Cf) or control (Cc) character. */
const INVISIBLE = /[\p{Cf}\p{Cc}]/u;

describe('cleanMultiLineText', () => {
  it('removes zero-width, bidi and byte-order characters and controls, keeps words', () => {
    expect(
      cleanMultiLineText('Pass\u200Bport\u202E ok\u202C\u2066\u2069\uFEFF\u00AD\u0007\u0000'),
    ).toBe('Passport ok');
    expect(cleanMultiLineText('Émilie – 日本語 🙂')).toBe('Émilie – 日本語 🙂');
  });

  it('keeps line breaks (as \\n) and tabs', () => {
    expect(cleanMultiLineText('a\r\nb\rc\u2028d\u2029e\u0085f\vg\fh\ti')).toBe(
      'a\nb\nc\nd\ne\nf\ng\nh\ti',
    );
  });

  it('leaves no invisible character other than newline and tab, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const cleaned = cleanMultiLineText(s);
        expect(cleaned.replace(/[\n\t]/g, '')).not.toMatch(INVISIBLE);
        expect(cleanMultiLineText(cleaned)).toBe(cleaned);
      }),
    );
  });
});

describe('cleanSingleLineText', () => {
  it('turns line breaks and tabs into spaces and removes other invisible characters', () => {
    expect(cleanSingleLineText('Lee\r\nLead\tTwo\u2028x\u200By')).toBe('Lee Lead Two xy');
  });

  it('leaves no invisible character at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(cleanSingleLineText(s)).not.toMatch(INVISIBLE);
      }),
    );
  });
});

describe('isBlankText', () => {
  it('counts a note of only invisible characters or spaces as blank', () => {
    for (const blank of [
      null,
      undefined,
      '',
      '  ',
      '\u200B',
      ' \u2060\uFEFF\n\t',
      '\u202E\u202C',
    ]) {
      expect(isBlankText(blank), JSON.stringify(blank)).toBe(true);
    }
    expect(isBlankText('\u200Bok')).toBe(false);
  });
});
