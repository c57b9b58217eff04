import type { StaffRole } from '@lifeline/domain';
import type { Capability } from '../../app/session.tsx';
import type { DiagnosedLogin, Diagnosis, Finding } from '../../lib/actions.ts';

// Test fixtures shaped like `accounts.diagnose` answers (the demo scenarios of SPEC §10).

export const NOW = Date.UTC(2026, 10, 23, 12, 0);
const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * What each role may do on the lookup screen, written out by hand (as
 * apps/server/test/access-matrix.test.ts does): a test states what it expects of a role rather
 * than reading it back from the production role table.
 */
const LOOKUP_CAPABILITIES: Record<StaffRole, readonly Capability[]> = {
  agent: [
    'accounts.read',
    'verification.perform',
    'actions.reactivate',
    'actions.detachTeamMember',
    'actions.unlockLogin',
    'actions.sendPasswordReset',
    'actions.liftSelfBlock',
    'actions.liftIdentityCheckBlock',
  ],
  lead: [
    'accounts.read',
    'verification.perform',
    'actions.reactivate',
    'actions.detachTeamMember',
    'actions.unlockLogin',
    'actions.sendPasswordReset',
    'actions.liftSelfBlock',
    'actions.liftIdentityCheckBlock',
    'actions.liftSuspiciousBlock',
    'identityChecks.read',
    'identityChecks.decide',
  ],
  admin: [
    'accounts.read',
    'verification.perform',
    'actions.reactivate',
    'actions.detachTeamMember',
    'actions.unlockLogin',
    'actions.sendPasswordReset',
    'actions.liftSelfBlock',
    'actions.liftIdentityCheckBlock',
    'actions.liftSuspiciousBlock',
    'identityChecks.read',
    'identityChecks.decide',
  ],
};

export const canAs = (role: StaffRole) => (capability: Capability) =>
  LOOKUP_CAPABILITIES[role].includes(capability);

const methods = (card: boolean, address: boolean, sentTo: string | null) => ({
  cardLast4: card,
  billingAddress: address,
  emailCode: sentTo !== null,
  emailCodeSentTo: sentTo,
});

export const OWNER: DiagnosedLogin = {
  loginId: 'lgn_owner0001',
  accountId: 'acc_owner0001',
  identifier: 'cancelled.recent@example.com',
  role: 'owner',
  identifierKind: 'email',
  matchedBy: 'identifier',
  resetLinkSentAt: null,
  verificationMethods: methods(true, true, 'c•••@example.com'),
};

export const DUAL_OWNER: DiagnosedLogin = {
  ...OWNER,
  loginId: 'lgn_dualown01',
  accountId: 'acc_dualown01',
  identifier: 'dual.role@example.com',
  verificationMethods: methods(true, false, 'd•••@example.com'),
};

export const DUAL_MEMBER: DiagnosedLogin = {
  ...DUAL_OWNER,
  loginId: 'lgn_dualmem01',
  accountId: 'acc_dualmem01',
  role: 'team_member',
  verificationMethods: methods(false, false, 'd•••@example.com'),
};

/** two.teams@example.com: a team member of two accounts, owner of none (email code only). */
export const TEAM_ONE: DiagnosedLogin = {
  loginId: 'lgn_teamone01',
  accountId: 'acc_agency001',
  identifier: 'two.teams@example.com',
  role: 'team_member',
  identifierKind: 'email',
  matchedBy: 'identifier',
  resetLinkSentAt: null,
  verificationMethods: methods(false, false, 't•••@example.com'),
};

export const TEAM_TWO: DiagnosedLogin = {
  ...TEAM_ONE,
  loginId: 'lgn_teamtwo01',
  accountId: 'acc_agency002',
};

export const TWO_MEMBERSHIPS = {
  code: 'ambiguous_login',
  severity: 'blocking',
  facts: {
    memberships: [TEAM_ONE, TEAM_TWO].map((login) => ({
      loginId: login.loginId,
      accountId: login.accountId,
      role: 'team_member' as const,
      accountStatus: 'active' as const,
    })),
  },
  actions: [TEAM_ONE, TEAM_TWO].map((login) => ({
    kind: 'detach_team_member' as const,
    needsVerification: true,
    minRole: 'agent' as const,
    accountId: login.accountId,
    loginId: login.loginId,
  })),
  scriptKey: 'ambiguous_login.team_memberships',
} satisfies Finding;

export const FINDINGS = {
  identifier_not_found: {
    code: 'identifier_not_found',
    severity: 'blocking',
    facts: {
      givenAs: 'identifier',
      nearMatches: ['cancelled.recent@example.com'],
      readToCaller: false,
    },
    actions: [],
    scriptKey: 'identifier_not_found',
  },
  purged: {
    code: 'purged',
    severity: 'blocking',
    accountId: 'acc_purged0001',
    facts: { deactivatedAt: NOW - 200 * DAY, purgedAt: NOW - 79 * DAY, mayRegisterAgain: true },
    actions: [],
    scriptKey: 'purged',
  },
  ambiguous_login: {
    code: 'ambiguous_login',
    severity: 'blocking',
    facts: {
      memberships: [
        {
          loginId: DUAL_OWNER.loginId,
          accountId: DUAL_OWNER.accountId,
          role: 'owner',
          accountStatus: 'active',
        },
        {
          loginId: DUAL_MEMBER.loginId,
          accountId: DUAL_MEMBER.accountId,
          role: 'team_member',
          accountStatus: 'active',
        },
      ],
    },
    actions: [
      {
        kind: 'detach_team_member',
        needsVerification: true,
        minRole: 'agent',
        accountId: DUAL_MEMBER.accountId,
        loginId: DUAL_MEMBER.loginId,
      },
    ],
    scriptKey: 'ambiguous_login.owner_and_member',
  },
  deactivated_reactivatable: {
    code: 'deactivated_reactivatable',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: {
      reason: 'owner_cancelled',
      deactivatedAt: NOW - 10 * DAY,
      purgeAfter: NOW + 110 * DAY,
      daysLeft: 110,
      restored: { contacts: 1840, lists: 6, campaigns: 42 },
      statusAfter: 'active',
      planAfter: 'paid',
    },
    actions: [
      { kind: 'reactivate', needsVerification: true, minRole: 'agent', accountId: OWNER.accountId },
    ],
    scriptKey: 'deactivated_reactivatable.owner_cancelled',
  },
  deactivated_window_closed: {
    code: 'deactivated_window_closed',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: {
      reason: 'owner_cancelled',
      deactivatedAt: NOW - 120 * DAY - 2 * HOUR,
      purgeAfter: NOW - 2 * HOUR,
      purgeDueAt: NOW + 22 * HOUR,
    },
    actions: [],
    scriptKey: 'deactivated_window_closed',
  },
  deactivated_terms: {
    code: 'deactivated_terms',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: { reason: 'terms_violation', deactivatedAt: NOW - 5 * DAY },
    actions: [],
    scriptKey: 'deactivated_terms',
  },
  login_locked: {
    code: 'login_locked',
    severity: 'blocking',
    accountId: OWNER.accountId,
    loginId: OWNER.loginId,
    facts: { permanent: false, lockedUntil: NOW + 5 * 60_000, lockoutCount: 1 },
    actions: [
      {
        kind: 'unlock_login',
        needsVerification: true,
        minRole: 'agent',
        accountId: OWNER.accountId,
        loginId: OWNER.loginId,
      },
      {
        kind: 'send_password_reset',
        needsVerification: false,
        minRole: 'agent',
        accountId: OWNER.accountId,
        loginId: OWNER.loginId,
      },
    ],
    scriptKey: 'login_locked.temporary',
  },
  identity_check_required: {
    code: 'identity_check_required',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: {
      blockId: 'blk_kyc00001',
      placedAt: NOW - 3 * DAY,
      checkStatus: 'submitted',
      submittedAt: NOW - 30 * HOUR,
      dueAt: NOW + 18 * HOUR,
      overdue: false,
      decidedAt: null,
    },
    actions: [
      {
        kind: 'decide_identity_check',
        needsVerification: false,
        minRole: 'lead',
        accountId: OWNER.accountId,
        blockId: 'blk_kyc00001',
      },
    ],
    scriptKey: 'identity_check_required.submitted',
  },
  suspicious_activity: {
    code: 'suspicious_activity',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: { blockId: 'blk_fraud001', placedAt: NOW - 2 * DAY, customerNotifiedAt: NOW - 2 * DAY },
    actions: [
      {
        kind: 'lift_suspicious_block',
        needsVerification: false,
        minRole: 'lead',
        accountId: OWNER.accountId,
        blockId: 'blk_fraud001',
      },
    ],
    scriptKey: 'suspicious_activity',
  },
  self_block: {
    code: 'self_block',
    severity: 'blocking',
    accountId: OWNER.accountId,
    facts: { blockId: 'blk_self0001', placedAt: NOW - 4 * DAY },
    actions: [
      {
        kind: 'lift_self_block',
        needsVerification: true,
        minRole: 'agent',
        accountId: OWNER.accountId,
        blockId: 'blk_self0001',
      },
    ],
    scriptKey: 'self_block',
  },
  limited_payment_failed: {
    code: 'limited_payment_failed',
    severity: 'warning',
    accountId: OWNER.accountId,
    facts: {
      balanceCents: -2900,
      paymentFailedAt: NOW - 20 * DAY,
      startedBy: 'failed_charge',
      dayOfDunning: 21,
      dunningDays: 90,
      deactivatesAt: NOW + 70 * DAY,
      nextRetryAt: NOW + 10 * DAY,
      retriesDone: 3,
    },
    actions: [],
    scriptKey: 'limited_payment_failed',
  },
  username_login: {
    code: 'username_login',
    severity: 'warning',
    accountId: OWNER.accountId,
    loginId: OWNER.loginId,
    facts: { usernames: ['jdupont'], givenAs: 'username', verifyBeforeReading: false },
    actions: [],
    scriptKey: 'username_login.username',
  },
  recent_credential_change: {
    code: 'recent_credential_change',
    severity: 'warning',
    accountId: OWNER.accountId,
    loginId: OWNER.loginId,
    facts: { changedAt: NOW - 2 * DAY, daysAgo: 2 },
    actions: [],
    scriptKey: 'recent_credential_change',
  },
  recent_support_action: {
    code: 'recent_support_action',
    severity: 'info',
    accountId: OWNER.accountId,
    loginId: OWNER.loginId,
    facts: {
      outcome: 'unlocked_reset_sent',
      at: NOW - 3 * 60_000,
      byYou: true,
      ticketRef: 'T-1',
      blockKind: null,
      resetLinkSentAt: NOW - 3 * 60_000,
    },
    actions: [
      {
        kind: 'send_password_reset',
        needsVerification: false,
        minRole: 'agent',
        accountId: OWNER.accountId,
        loginId: OWNER.loginId,
        offeredOnly: true,
      },
    ],
    scriptKey: 'recent_support_action.unlocked_reset_sent',
  },
  no_blocker_found: {
    code: 'no_blocker_found',
    severity: 'info',
    facts: { likelyCause: 'wrong_password' },
    actions: [
      {
        kind: 'send_password_reset',
        needsVerification: false,
        minRole: 'agent',
        accountId: OWNER.accountId,
        loginId: OWNER.loginId,
      },
    ],
    scriptKey: 'no_blocker_found',
  },
} satisfies { [C in Finding['code']]: Extract<Finding, { code: C }> };

type Pass = Diagnosis['verification']['accounts'][number]['passed'][number];

/** A diagnosis around some logins, with this staff member's passes and locks. */
export function diagnosisOf(
  logins: DiagnosedLogin[],
  findings: Finding[],
  options: {
    passes?: Pass[];
    lockedUntil?: Record<string, number>;
    failedTries?: Record<string, number>;
    throttledUntil?: number | null;
  } = {},
): Diagnosis {
  const accountIds = [...new Set(logins.map((l) => l.accountId))];
  return {
    query: logins[0]?.identifier ?? 'nobody@example.com',
    logins,
    accounts: accountIds.map((accountId) => ({
      accountId,
      status: 'active',
      plan: 'paid',
      version: 3,
      ownerEmail: 'c•••@example.com',
    })),
    findings,
    verification: {
      staffThrottledUntil: options.throttledUntil ?? null,
      accounts: accountIds.map((accountId) => ({
        accountId,
        lockedUntil: options.lockedUntil?.[accountId] ?? null,
        failedTries: options.failedTries?.[accountId] ?? 0,
        triesAllowed: 3,
        passed: (options.passes ?? []).filter((pass) =>
          logins.some((l) => l.loginId === pass.loginId && l.accountId === accountId),
        ),
      })),
    },
  };
}

export function passFor(login: DiagnosedLogin, ticketRef = 'T-1', expiresAt = NOW + 10 * 60_000) {
  return {
    verificationId: `ver_${login.loginId.slice(4)}`,
    loginId: login.loginId,
    method: 'card_last4' as const,
    ticketRef,
    expiresAt,
  };
}
