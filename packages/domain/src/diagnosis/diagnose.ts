import {
  ACTION_NEEDS_VERIFICATION,
  identityCheckDueAt,
  isIdentityCheckOverdue,
} from '../actions.ts';
import type { ActionKind, FindingCode, Severity } from '../codes.ts';
import { FINDING_CODES, SEVERITIES } from '../codes.ts';
import { DUNNING_DAYS, dunningState } from '../dunning.ts';
import type { AccountSnapshot, BlockFacts, LoginFacts } from '../facts.ts';
import { lockState } from '../lockout.ts';
import { normaliseIdentifier } from '../normalise.ts';
import { ACTION_CAPABILITY, minRoleFor } from '../permissions.ts';
import { decideReactivation } from '../reactivation.ts';
import { DAY } from '../time.ts';
import { purgeDueAt } from '../window.ts';
import type {
  DiagnosedLogin,
  Diagnosis,
  DiagnosisInput,
  Finding,
  FindingAction,
  FindingOf,
} from './finding.ts';
import { SEVERITY_BY_CODE } from './finding.ts';
import { rankNearMatches } from './near-matches.ts';
import { recentActivity } from './recent-actions.ts';

export const RECENT_CREDENTIAL_CHANGE = 7 * DAY;

function action(
  kind: ActionKind,
  target: Omit<FindingAction, 'kind' | 'needsVerification' | 'minRole'>,
): FindingAction {
  return {
    kind,
    needsVerification: ACTION_NEEDS_VERIFICATION[kind],
    minRole: minRoleFor(ACTION_CAPABILITY[kind]),
    ...target,
  };
}

function finding<C extends FindingCode>(
  code: C,
  rest: Omit<FindingOf<C>, 'code' | 'severity'>,
  severity: Severity = SEVERITY_BY_CODE[code],
): FindingOf<C> {
  return { code, severity, ...rest };
}

interface Reached {
  snapshot: AccountSnapshot;
  /** Logins the caller may be trying: matched by identifier, or the username behind a contact email. */
  logins: { login: LoginFacts; matchedBy: DiagnosedLogin['matchedBy'] }[];
}

/** A login counts while it is not removed; removed logins are history, not matches. */
function liveLogins(snapshot: AccountSnapshot): LoginFacts[] {
  return snapshot.logins.filter((login) => login.removedAt === null);
}

/**
 * Which accounts the query reaches. A contact email only leads somewhere when the owner signs in
 * with a username (SPEC §2: then it is the account's only email); an account whose owner signs in
 * with another email is not reached through its contact email, so the caller is not told
 * "nothing wrong, send a reset" about an address they cannot sign in with.
 */
function reach(query: string, snapshots: readonly AccountSnapshot[]): Reached[] {
  const reached: Reached[] = [];
  for (const snapshot of snapshots) {
    const logins = liveLogins(snapshot);
    const byIdentifier = logins.filter((login) => login.identifier === query);
    if (byIdentifier.length > 0) {
      reached.push({
        snapshot,
        logins: byIdentifier.map((login) => ({ login, matchedBy: 'identifier' as const })),
      });
      continue;
    }
    const usernameOwners = logins.filter(
      (login) => login.role === 'owner' && login.identifierKind === 'username',
    );
    if (normaliseIdentifier(snapshot.account.contactEmail) === query && usernameOwners.length > 0) {
      reached.push({
        snapshot,
        logins: usernameOwners.map((login) => ({ login, matchedBy: 'contact_email' as const })),
      });
    }
  }
  return reached;
}

/** Reads the same decision the reactivate action enforces, so the two can never disagree. */
function deactivationFinding({ account }: AccountSnapshot, now: number): Finding {
  const accountId = account.id;
  const decision = decideReactivation(account, now);
  if (decision.ok) {
    const { plan } = decision;
    return finding('deactivated_reactivatable', {
      accountId,
      facts: {
        reason: plan.reason,
        deactivatedAt: account.deactivatedAt,
        purgeAfter: plan.purgeAfter,
        daysLeft: plan.daysLeft,
        restored: plan.restored,
        statusAfter: plan.changes.status,
        planAfter: plan.changes.plan ?? account.plan,
      },
      actions: [action('reactivate', { accountId })],
      scriptKey: `deactivated_reactivatable.${plan.reason}`,
    });
  }
  if (decision.reason === 'WINDOW_CLOSED') {
    return finding('deactivated_window_closed', {
      accountId,
      facts: {
        reason: account.deactivationReason,
        deactivatedAt: account.deactivatedAt,
        purgeAfter: decision.purgeAfter,
        purgeDueAt: decision.purgeAfter === null ? null : purgeDueAt(decision.purgeAfter),
      },
      actions: [],
      scriptKey: 'deactivated_window_closed',
    });
  }
  return finding('deactivated_terms', {
    accountId,
    facts: { reason: account.deactivationReason, deactivatedAt: account.deactivatedAt },
    actions: [],
    scriptKey: 'deactivated_terms',
  });
}

function accountFindings(
  snapshot: AccountSnapshot,
  now: number,
  restartedByReactivation: boolean,
): Finding[] {
  const { account } = snapshot;
  const accountId = account.id;
  const findings: Finding[] = [];
  if (account.status === 'deactivated') findings.push(deactivationFinding(snapshot, now));
  if (account.status === 'limited') {
    const dunning =
      account.paymentFailedAt === null ? null : dunningState(account.paymentFailedAt, now);
    findings.push(
      finding('limited_payment_failed', {
        accountId,
        facts: {
          balanceCents: account.balanceCents,
          paymentFailedAt: account.paymentFailedAt,
          startedBy: restartedByReactivation ? 'reactivation' : 'failed_charge',
          dayOfDunning: dunning?.dayOfDunning ?? null,
          dunningDays: DUNNING_DAYS,
          deactivatesAt: dunning?.deactivatesAt ?? null,
          nextRetryAt: dunning?.nextRetryAt ?? null,
          retriesDone: dunning?.retriesDone ?? 0,
        },
        actions: [],
        scriptKey: restartedByReactivation
          ? 'limited_after_reactivation'
          : 'limited_payment_failed',
      }),
    );
  }
  // Blocks outlive a deactivation: a reactivated account is still blocked, so they show too.
  for (const block of snapshot.blocks) {
    if (block.liftedAt === null) findings.push(blockFinding(block, now));
  }
  return findings;
}

function blockFinding(block: BlockFacts, now: number): Finding {
  const target = { accountId: block.accountId, blockId: block.id };
  switch (block.kind) {
    case 'identity_check_required': {
      const check = block.identityCheck ?? {
        status: 'not_started' as const,
        submittedAt: null,
        decidedAt: null,
      };
      const actions: FindingAction[] = [];
      if (check.status === 'submitted') actions.push(action('decide_identity_check', target));
      if (check.status === 'approved') actions.push(action('lift_identity_check_block', target));
      return finding('identity_check_required', {
        accountId: block.accountId,
        facts: {
          blockId: block.id,
          placedAt: block.placedAt,
          checkStatus: check.status,
          submittedAt: check.submittedAt,
          dueAt: identityCheckDueAt(check),
          overdue: isIdentityCheckOverdue(check, now),
          decidedAt: check.decidedAt,
        },
        actions,
        scriptKey: `identity_check_required.${check.status}`,
      });
    }
    case 'suspicious_activity':
      return finding('suspicious_activity', {
        accountId: block.accountId,
        facts: {
          blockId: block.id,
          placedAt: block.placedAt,
          customerNotifiedAt: block.customerNotifiedAt,
        },
        actions: [action('lift_suspicious_block', target)],
        scriptKey: 'suspicious_activity',
      });
    case 'self_block':
      return finding('self_block', {
        accountId: block.accountId,
        facts: { blockId: block.id, placedAt: block.placedAt },
        actions: [action('lift_self_block', target)],
        scriptKey: 'self_block',
      });
  }
}

function loginFindings(login: LoginFacts, now: number): Finding[] {
  const findings: Finding[] = [];
  const target = { accountId: login.accountId, loginId: login.id };
  const lock = lockState(login, now);
  if (lock.locked) {
    findings.push(
      finding('login_locked', {
        ...target,
        facts: {
          permanent: lock.permanent,
          lockedUntil: lock.lockedUntil,
          lockoutCount: login.lockoutCount,
        },
        actions: [action('unlock_login', target), action('send_password_reset', target)],
        scriptKey: lock.permanent ? 'login_locked.permanent' : 'login_locked.temporary',
      }),
    );
  }
  const changedAt = login.passwordChangedAt;
  if (changedAt !== null && changedAt <= now && now - changedAt < RECENT_CREDENTIAL_CHANGE) {
    findings.push(
      finding('recent_credential_change', {
        ...target,
        facts: { changedAt, daysAgo: Math.floor((now - changedAt) / DAY) },
        actions: [],
        scriptKey: 'recent_credential_change',
      }),
    );
  }
  return findings;
}

function usernameFinding(entry: Reached): Finding | null {
  const usernames = entry.logins.filter(({ login }) => login.identifierKind === 'username');
  const first = usernames[0];
  if (first === undefined) return null;
  const viaContactEmail = first.matchedBy === 'contact_email';
  return finding('username_login', {
    accountId: first.login.accountId,
    loginId: first.login.id,
    facts: {
      usernames: usernames.map(({ login }) => login.identifier),
      givenAs: viaContactEmail ? 'contact_email' : 'username',
      verifyBeforeReading: viaContactEmail,
    },
    actions: [],
    scriptKey: viaContactEmail ? 'username_login.contact_email' : 'username_login.username',
  });
}

/**
 * More than one login the sign-in form could mean. Only logins that can sign in count: a login
 * of a deactivated account is disabled until reactivation, so it does not compete.
 */
function ambiguityFinding(reached: Reached[]): Finding | null {
  const competing = reached.flatMap(({ snapshot, logins }) => {
    const accountStatus = snapshot.account.status;
    if (accountStatus !== 'active' && accountStatus !== 'limited') return [];
    return logins
      .filter(({ matchedBy }) => matchedBy === 'identifier')
      .map(({ login }) => ({ login, accountStatus }));
  });
  if (competing.length < 2) return null;
  return finding('ambiguous_login', {
    facts: {
      memberships: competing.map(({ login, accountStatus }) => ({
        loginId: login.id,
        accountId: login.accountId,
        role: login.role,
        accountStatus,
      })),
    },
    actions: competing
      .filter(({ login }) => login.role === 'team_member')
      .map(({ login }) =>
        action('detach_team_member', { accountId: login.accountId, loginId: login.id }),
      ),
    // Memberships only: the caller keeps one team and leaves the others, not "your own account".
    scriptKey: competing.some(({ login }) => login.role === 'owner')
      ? 'ambiguous_login.owner_and_member'
      : 'ambiguous_login.team_memberships',
  });
}

/**
 * What was just done on the accounts the caller reaches: one finding per account, its own
 * script, and the reset link still offered (SPEC §6 allows up to 3 an hour) rather than
 * recommended, on the login it concerns.
 */
function recentFindings(
  input: DiagnosisInput,
  reached: readonly Reached[],
  query: string,
  logins: readonly DiagnosedLogin[],
  now: number,
): Finding[] {
  if (!input.recentActions || input.recentActions.length === 0) return [];
  const accountIds = new Set(reached.map(({ snapshot }) => snapshot.account.id));
  const loginIds = new Set([
    ...logins.map((l) => l.loginId),
    // A detached team-member login no longer reaches its account, but it was the caller's.
    ...input.snapshots.flatMap((s) =>
      s.logins.filter((l) => l.identifier === query).map((l) => l.id),
    ),
  ]);
  return recentActivity(input.recentActions, input.snapshots, { accountIds, loginIds }, now).map(
    ({ accountId, loginId, ...facts }) => {
      const onLogin = logins.filter((l) => l.loginId === loginId);
      const resettable = onLogin.length > 0 ? onLogin : logins;
      return finding('recent_support_action', {
        accountId,
        ...(loginId !== null && onLogin.length > 0 ? { loginId } : {}),
        facts,
        actions: resettable.map((l) =>
          action('send_password_reset', {
            accountId: l.accountId,
            loginId: l.loginId,
            offeredOnly: true,
          }),
        ),
        scriptKey: `recent_support_action.${facts.outcome}`,
      });
    },
  );
}

const SEVERITY_RANK = new Map(SEVERITIES.map((severity, index) => [severity, index]));
const CODE_RANK = new Map(FINDING_CODES.map((code, index) => [code, index]));

/** Blocking, warning, info; within a severity the SPEC §4 table order; then as generated. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (SEVERITY_RANK.get(a.severity) ?? 0) - (SEVERITY_RANK.get(b.severity) ?? 0) ||
      (CODE_RANK.get(a.code) ?? 0) - (CODE_RANK.get(b.code) ?? 0),
  );
}

/** "Why can't this person sign in?" (SPEC §4): every finding that applies, blocking first. */
export function diagnose(input: DiagnosisInput, now: number): Diagnosis {
  const query = normaliseIdentifier(input.query);
  const reached = reach(query, input.snapshots);
  const logins: DiagnosedLogin[] = reached.flatMap(({ logins }) =>
    logins.map(({ login, matchedBy }) => ({
      loginId: login.id,
      accountId: login.accountId,
      identifier: login.identifier,
      role: login.role,
      identifierKind: login.identifierKind,
      matchedBy,
    })),
  );

  const findings: Finding[] = [];
  for (const tombstone of input.tombstoneMatches) {
    findings.push(
      finding(
        'purged',
        {
          accountId: tombstone.accountId,
          facts: {
            deactivatedAt: tombstone.deactivatedAt,
            purgedAt: tombstone.purgedAt,
            mayRegisterAgain: true,
          },
          actions: [],
          scriptKey: 'purged',
        },
        // Signed up again since: the purge is history, not why sign-in fails.
        logins.length > 0 ? 'info' : SEVERITY_BY_CODE.purged,
      ),
    );
  }
  if (logins.length === 0 && input.tombstoneMatches.length === 0) {
    // An id is read out, not spelled from memory: logins that look like it are no help.
    const byId = input.unknownAccountId === true;
    findings.push(
      finding('identifier_not_found', {
        facts: {
          givenAs: byId ? 'account_id' : 'identifier',
          nearMatches: byId ? [] : rankNearMatches(query, input.nearMatches),
          readToCaller: false,
        },
        actions: [],
        scriptKey: byId ? 'account_id_not_found' : 'identifier_not_found',
      }),
    );
  }
  const ambiguity = ambiguityFinding(reached);
  if (ambiguity !== null) findings.push(ambiguity);
  for (const entry of reached) {
    const restarted =
      input.dunningRestartedByReactivation?.includes(entry.snapshot.account.id) ?? false;
    findings.push(...accountFindings(entry.snapshot, now, restarted));
    for (const { login } of entry.logins) findings.push(...loginFindings(login, now));
    const username = usernameFinding(entry);
    if (username !== null) findings.push(username);
  }
  const recent = recentFindings(input, reached, query, logins, now);
  findings.push(...recent);
  // SPEC §4: nothing blocking is `no_blocker_found`, fix or no fix. After a fix, what was done
  // comes first (its own finding) and this one's script stops saying "probably a wrong
  // password": nothing else is blocking, and the link just sent is the one to use.
  if (logins.length > 0 && !findings.some((f) => f.severity === 'blocking')) {
    findings.push(
      finding('no_blocker_found', {
        facts: { likelyCause: 'wrong_password' },
        actions: logins.map(({ accountId, loginId }) =>
          action('send_password_reset', {
            accountId,
            loginId,
            ...(recent.length > 0 ? { offeredOnly: true as const } : {}),
          }),
        ),
        scriptKey: recent.length > 0 ? 'no_blocker_found_after_fix' : 'no_blocker_found',
      }),
    );
  }
  return { query, logins, findings: sortFindings(findings) };
}
