import { describe, expect, it } from 'vitest';
import { decideCloseEscalation, decideTakeEscalation } from './escalations.ts';

describe('escalation steps', () => {
  it('lets a lead take an open escalation, or one they already hold', () => {
    expect(() =>
      decideTakeEscalation({ status: 'open', takenBy: null }, 'stf_a', null),
    ).not.toThrow();
    expect(() =>
      decideTakeEscalation({ status: 'taken', takenBy: 'stf_a' }, 'stf_a', 'Ana'),
    ).not.toThrow();
  });

  it('tells the second lead who holds it, and refuses a closed one', () => {
    expect(() =>
      decideTakeEscalation({ status: 'taken', takenBy: 'stf_a' }, 'stf_b', 'Ana'),
    ).toThrow('Ana has already taken this escalation.');
    expect(() =>
      decideTakeEscalation({ status: 'closed', takenBy: 'stf_a' }, 'stf_a', 'Ana'),
    ).toThrow(/already closed/);
  });

  it('needs a note to close as fixed or declined, not as no action needed', () => {
    const open = { status: 'open', takenBy: null } as const;
    expect(() => decideCloseEscalation(open, 'stf_a', null, 'fixed', '  ')).toThrow(/Say what/);
    expect(
      decideCloseEscalation(open, 'stf_a', null, 'declined', ' Terms breach confirmed '),
    ).toEqual({ note: 'Terms breach confirmed' });
    expect(decideCloseEscalation(open, 'stf_a', null, 'no_action_needed', undefined)).toEqual({
      note: null,
    });
  });
});
