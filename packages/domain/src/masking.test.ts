import { describe, expect, it } from 'vitest';
import { maskEmail, maskEmailsInText, maskIdentifier, maskUsername } from './masking.ts';

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('jean.dupont@example.fr')).toBe('j•••@example.fr');
    expect(maskEmail('élodie@exemple.fr')).toBe('é•••@exemple.fr');
  });

  it('masks whole what is not an address', () => {
    expect(maskEmail('jdupont')).toBe('•••');
    expect(maskEmail('@example.fr')).toBe('•••');
    expect(maskEmail('')).toBe('•••');
  });

  it('keeps one code point, not half a surrogate pair', () => {
    expect(maskEmail('😀x@example.fr')).toBe('😀•••@example.fr');
  });
});

describe('maskEmailsInText', () => {
  it('masks every address in a text and leaves the rest', () => {
    expect(
      maskEmailsInText('Removed team.mate@example.com from owner@example.org (ticket T-1).'),
    ).toBe('Removed t•••@example.com from o•••@example.org (ticket T-1).');
  });

  it('masks an address quoted by an SMTP error', () => {
    expect(maskEmailsInText('550 <who@example.net>: mailbox unavailable')).toBe(
      '550 <w•••@example.net>: mailbox unavailable',
    );
  });
});

describe('maskUsername and maskIdentifier', () => {
  it('keeps a username’s first and last characters, and masks a short one whole', () => {
    expect(maskUsername('jeandupont')).toBe('j•••t');
    expect(maskUsername('bob')).toBe('•••');
    expect(maskIdentifier('jeandupont', 'username')).toBe('j•••t');
    expect(maskIdentifier('jean@example.fr', 'email')).toBe('j•••@example.fr');
  });
});
