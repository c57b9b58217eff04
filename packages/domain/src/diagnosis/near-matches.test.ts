import { describe, expect, it } from 'vitest';
import { anAccount, anOwnerLogin, aTeamMemberLogin, snapshotOf } from '../test-factories.ts';
import { wantsNearMatches } from './near-matches.ts';

describe('wantsNearMatches', () => {
  const query = 'jean@example.fr';

  it('looks for near matches when nothing is reached', () => {
    expect(wantsNearMatches(query, [], 0)).toBe(true);
  });

  it('does not when a live login has the identifier', () => {
    const snapshot = snapshotOf(anAccount(), { logins: [anOwnerLogin({ identifier: query })] });
    expect(wantsNearMatches(query, [snapshot], 0)).toBe(false);
  });

  it('does when the only login with it was removed, or the account was reached otherwise', () => {
    const removed = snapshotOf(anAccount(), {
      logins: [aTeamMemberLogin({ identifier: query, removedAt: 1 })],
    });
    const byContactEmail = snapshotOf(anAccount({ contactEmail: query }), {
      logins: [anOwnerLogin({ identifier: 'jean', identifierKind: 'username' })],
    });
    expect(wantsNearMatches(query, [removed], 0)).toBe(true);
    expect(wantsNearMatches(query, [byContactEmail], 0)).toBe(true);
  });

  it('does not when the identifier belonged to a purged account', () => {
    expect(wantsNearMatches(query, [], 1)).toBe(false);
  });
});
