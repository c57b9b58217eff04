import { describe, expect, it } from 'vitest';
import {
  accountIdInput,
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
  });
});
