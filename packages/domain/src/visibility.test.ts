import { describe, expect, it } from 'vitest';
import { anOwnerLogin, aTeamMemberLogin } from './test-factories.ts';
import {
  actorAsSeenBy,
  actorVisible,
  billingVisible,
  billingVisibleUntil,
  blockNoteVisible,
  OTHER_STAFF,
  type OwnPass,
  outboxAddressesVisible,
} from './visibility.ts';

describe('billingVisible', () => {
  const owner = anOwnerLogin({ id: 'lgn_owner' });
  const member = aTeamMemberLogin({ id: 'lgn_member' });
  const removedOwner = anOwnerLogin({ id: 'lgn_gone', removedAt: 1 });

  const use = { staffId: 'stf_me', ticketRef: 'T-1', now: 1_000 };
  const pass = (loginId: string, overrides: Partial<OwnPass> = {}): OwnPass => ({
    loginId,
    ticketRef: 'T-1',
    expiresAt: 2_000,
    ...overrides,
  });

  it('needs a pass on a live owner login of the account', () => {
    expect(billingVisible([owner, member], [pass('lgn_owner')], use)).toBe(true);
    expect(billingVisible([owner, member], [pass('lgn_member')], use)).toBe(false);
    expect(billingVisible([owner, member], [], use)).toBe(false);
    expect(billingVisible([removedOwner], [pass('lgn_gone')], use)).toBe(false);
    expect(billingVisible([owner], [pass('lgn_elsewhere')], use)).toBe(false);
  });

  it('needs the pass to be for this ticket and still valid, as an action would', () => {
    expect(billingVisible([owner], [pass('lgn_owner', { ticketRef: 'T-2' })], use)).toBe(false);
    expect(billingVisible([owner], [pass('lgn_owner')], { ...use, ticketRef: null })).toBe(false);
    expect(billingVisible([owner], [pass('lgn_owner')], { ...use, ticketRef: ' T-1 ' })).toBe(true);
    expect(billingVisible([owner], [pass('lgn_owner', { expiresAt: 1_000 })], use)).toBe(false);
  });

  it('stays visible until the latest covering pass expires', () => {
    const passes = [
      pass('lgn_owner'),
      pass('lgn_owner', { expiresAt: 3_000 }),
      pass('lgn_member', { expiresAt: 9_000 }),
    ];
    expect(billingVisibleUntil([owner, member], passes, use)).toBe(3_000);
    expect(billingVisibleUntil([owner, member], passes, { ...use, ticketRef: 'T-9' })).toBeNull();
  });
});

describe('blockNoteVisible', () => {
  it('hides suspicious-activity notes from agents only', () => {
    expect(blockNoteVisible('agent', 'suspicious_activity')).toBe(false);
    expect(blockNoteVisible('lead', 'suspicious_activity')).toBe(true);
    expect(blockNoteVisible('admin', 'suspicious_activity')).toBe(true);
    expect(blockNoteVisible('agent', 'self_block')).toBe(true);
    expect(blockNoteVisible('agent', 'identity_check_required')).toBe(true);
  });
});

describe('outboxAddressesVisible', () => {
  it('shows full addresses to leads and admins, masked ones to agents', () => {
    expect(outboxAddressesVisible('agent')).toBe(false);
    expect(outboxAddressesVisible('lead')).toBe(true);
    expect(outboxAddressesVisible('admin')).toBe(true);
  });
});

describe('actorAsSeenBy', () => {
  const agent = { id: 'stf_agent', role: 'agent' } as const;
  const lead = { id: 'stf_lead', role: 'lead' } as const;
  const admin = { id: 'stf_admin', role: 'admin' } as const;

  it('shows an agent the system, the customer and themselves, and no other staff member', () => {
    expect(actorAsSeenBy(agent, 'system')).toBe('system');
    expect(actorAsSeenBy(agent, 'customer')).toBe('customer');
    expect(actorAsSeenBy(agent, 'stf_agent')).toBe('stf_agent');
    expect(actorAsSeenBy(agent, 'stf_other')).toBe(OTHER_STAFF);
    expect(actorAsSeenBy(agent, 'stf_lead')).toBe('other');
    expect(actorVisible(agent, 'stf_lead')).toBe(false);
  });

  it('shows leads and admins everyone', () => {
    for (const viewer of [lead, admin]) {
      expect(actorAsSeenBy(viewer, 'stf_agent')).toBe('stf_agent');
      expect(actorAsSeenBy(viewer, 'system')).toBe('system');
      expect(actorVisible(viewer, 'stf_other')).toBe(true);
    }
  });
});
