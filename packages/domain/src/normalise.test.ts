import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  identifierKindOf,
  nearMatchCloseness,
  nearMatchVariants,
  normaliseForComparison,
  normaliseIdentifier,
} from './normalise.ts';

describe('normaliseIdentifier', () => {
  it('trims and lower-cases', () => {
    expect(normaliseIdentifier('  OK.Owner@Example.COM \t')).toBe('ok.owner@example.com');
  });

  it('keeps inner spaces: only the edges are trimmed', () => {
    expect(normaliseIdentifier(' j dupont ')).toBe('j dupont');
  });

  it('composes a decomposed é so both spellings store the same', () => {
    const composed = 'ren\u00e9@example.fr';
    const decomposed = 'rene\u0301@example.fr';
    expect(composed).not.toBe(decomposed);
    expect(normaliseIdentifier(decomposed)).toBe(normaliseIdentifier(composed));
    expect(normaliseIdentifier('RENE\u0301@EXAMPLE.FR')).toBe(composed);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normaliseIdentifier(s);
        expect(normaliseIdentifier(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normaliseIdentifier(s);
        expect(normaliseIdentifier(once)).toBe(once);
      }),
    );
  });
});

describe('identifierKindOf', () => {
  it('tells an email from a username', () => {
    expect(identifierKindOf('j.dupont@example.fr')).toBe('email');
    expect(identifierKindOf('jdupont')).toBe('username');
    expect(identifierKindOf('@example.fr')).toBe('username');
    expect(identifierKindOf('jdupont@')).toBe('username');
  });
});

describe('normaliseForComparison', () => {
  it('ignores case, accents, spaces and punctuation', () => {
    expect(normaliseForComparison('10, Rue Oberkampf')).toBe(
      normaliseForComparison('10 rue  oberkampf'),
    );
    expect(normaliseForComparison('Jaurès')).toBe('jaures');
    expect(normaliseForComparison('5 Avenue Jean-Jaurès')).toBe(
      normaliseForComparison('5 avenue jean jaures'),
    );
    expect(normaliseForComparison(' 75 011 ')).toBe('75011');
  });

  it('treats composed and decomposed accents alike', () => {
    expect(normaliseForComparison('Jaur\u00e8s')).toBe(normaliseForComparison('Jaure\u0300s'));
  });

  it('still tells different addresses apart', () => {
    expect(normaliseForComparison('10 Rue Oberkampf')).not.toBe(
      normaliseForComparison('12 Rue Oberkampf'),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normaliseForComparison(s);
        expect(normaliseForComparison(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normaliseForComparison(s);
        expect(normaliseForComparison(once)).toBe(once);
      }),
    );
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('jdupont', 'jdupond')).toBe(1);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(editDistance('a😀b', 'ab')).toBe(1);
  });

  it('stops early past the cutoff and agrees with the full distance', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(4), (a, b, max) => {
        expect(editDistance(a, b, max) <= max).toBe(editDistance(a, b) <= max);
      }),
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
      }),
    );
  });
});

describe('near matches', () => {
  it('offers spellings without spaces, without accents and the email local part', () => {
    const variants = nearMatchVariants('j dupont');
    expect(variants).toContain('jdupont');
    expect(variants).toContain('j.dupont');
    expect(nearMatchVariants('jdupont@example.fr')).toContain('jdupont');
    expect(nearMatchVariants('rené@example.fr')).toContain('rene@example.fr');
    expect(nearMatchVariants('jdupont')).not.toContain('jdupont');
  });

  it('recognises near matches of each kind', () => {
    expect(nearMatchCloseness('ok.owner@example.con', 'ok.owner@example.com')).not.toBeNull();
    expect(nearMatchCloseness('j dupont', 'jdupont')).not.toBeNull();
    expect(nearMatchCloseness('rené.martin@example.fr', 'rene.martin@example.fr')).not.toBeNull();
    expect(nearMatchCloseness('jdupont@example.fr', 'jdupont')).not.toBeNull();
    expect(nearMatchCloseness('jdupont', 'jdupont@gmail.com')).not.toBeNull();
  });

  it('rejects the query itself and far-off identifiers', () => {
    expect(nearMatchCloseness('jdupont', 'JDupont ')).toBeNull();
    expect(nearMatchCloseness('ok.owner@example.com', 'someone.else@example.com')).toBeNull();
  });
});
