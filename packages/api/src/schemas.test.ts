import { describe, expect, it } from 'vitest';
import {
  accountIdInput,
  createStaffInput,
  factorInput,
  INPUT_LIMITS,
  noteInput,
  reviewIdInput,
  ticketRefInput,
} from './schemas.ts';

describe('shared input schemas', () => {
  it('ticket references are 1 to 64 characters once trimmed, without control characters', () => {
    expect(ticketRefInput.parse('  T-1 ')).toBe('T-1');
    expect(ticketRefInput.safeParse('   ').success).toBe(false);
    expect(ticketRefInput.safeParse('x'.repeat(INPUT_LIMITS.ticketRef)).success).toBe(true);
    expect(ticketRefInput.safeParse('x'.repeat(INPUT_LIMITS.ticketRef + 1)).success).toBe(false);
    expect(ticketRefInput.safeParse('T-\u00071').success).toBe(false);
  });

  it('email codes are six digits, card endings four', () => {
    expect(factorInput.safeParse({ method: 'email_code', code: '012345' }).success).toBe(true);
    expect(factorInput.safeParse({ method: 'email_code', code: '12345' }).success).toBe(false);
    expect(factorInput.safeParse({ method: 'email_code', code: '12345a' }).success).toBe(false);
    expect(factorInput.safeParse({ method: 'card_last4', last4: '4242' }).success).toBe(true);
    expect(factorInput.safeParse({ method: 'card_last4', last4: '424' }).success).toBe(false);
  });

  it('public ids have their prefix and lower-case base32', () => {
    expect(accountIdInput.safeParse('acc_8f3k2m9x').success).toBe(true);
    expect(accountIdInput.safeParse('ACC_8F3K2M9X').success).toBe(false);
    expect(accountIdInput.safeParse('lgn_8f3k2m9x').success).toBe(false);
    expect(reviewIdInput.safeParse('rev_8f3k2m9x').success).toBe(true);
  });

  it('notes stop at their limit', () => {
    expect(noteInput.safeParse('n'.repeat(INPUT_LIMITS.note)).success).toBe(true);
    expect(noteInput.safeParse('n'.repeat(INPUT_LIMITS.note + 1)).success).toBe(false);
    // Counted once invisible characters are gone.
    expect(noteInput.safeParse(`${'n'.repeat(INPUT_LIMITS.note)}\u200B\u200B`).success).toBe(true);
  });

  it('ticket references follow the documented safe pattern', () => {
    for (const ok of ['#12345', 'ZD-1234', 'INC0012345', 'T-1', 'Case 4521', 'JIRA:SUP-12']) {
      expect(ticketRefInput.parse(` ${ok} `)).toBe(ok);
    }
    for (const bad of ['T-1\u200B', '\u202ET-1', 'T  1', '=1+1', 'https://evil.example', 'Т-1']) {
      const result = ticketRefInput.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/letters A–Z, digits/);
    }
  });

  it('notes and names lose invisible format and control characters before any other check', () => {
    expect(noteInput.parse(' Pass\u200Bport\u202E ok\r\nline two\u0007 ')).toBe(
      'Passport ok\nline two',
    );
    expect(noteInput.min(1).safeParse('\u200B \uFEFF').success).toBe(false);
    expect(createStaffInput.shape.displayName.parse('\u202ELee\u200B\nLead\t')).toBe('Lee Lead');
    expect(createStaffInput.shape.displayName.safeParse('\u200B').success).toBe(false);
  });
});
