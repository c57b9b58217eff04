import { describe, expect, it } from 'vitest';
import { anOwnerLogin, aTeamMemberLogin } from './test-factories.ts';
import {
  actorAsSeenBy,
  actorVisible,
  billingVisible,
  blockNoteVisible,
  OTHER_STAFF,
  outboxAddressesVisible,
} from './visibility.ts';

describe('billingVisible', () => {
  const owner = anOwnerLogin({ id: 'lgn_owner' });
  const member = aTeamMemberLogin({ id: 'lgn_member' });
  const removedOwner = anOwnerLogin({ id: 'lgn_gone', removedAt: 1 });

  it('needs a pass on a live owner login of the account', () => {
    expect(billingVisible([owner, member], ['lgn_owner'])).toBe(true);
    expect(billingVisible([owner, member], ['lgn_member'])).toBe(false);
    expect(billingVisible([owner, member], [])).toBe(false);
    expect(billingVisible([removedOwner], ['lgn_gone'])).toBe(false);
    expect(billingVisible([owner], ['lgn_elsewhere'])).toBe(false);
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
