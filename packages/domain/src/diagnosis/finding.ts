import type {
  AccountStatus,
  ActionKind,
  DeactivationReason,
  FindingCode,
  IdentifierKind,
  IdentityCheckStatus,
  LoginRole,
  Plan,
  Severity,
  StaffRole,
} from '../codes.ts';
import type { AccountSnapshot, DataSummary, TombstoneFacts } from '../facts.ts';
import type { ReactivatableReason } from '../reactivation.ts';
import type { RecentActivity, RecentSupportAction } from './recent-actions.ts';

export interface DiagnosisInput {
  /** The identifier as the caller says it: any case, surrounding spaces. */
  query: string;
  /** Accounts with a login whose identifier is the normalised query, or whose contact email is. */
  snapshots: readonly AccountSnapshot[];
  /** Tombstones whose identifier hash matched the normalised query. */
  tombstoneMatches: readonly TombstoneFacts[];
  /** Candidate identifiers the DB found around the query; filtered and capped here. */
  nearMatches: readonly string[];
  /**
   * The query has the shape of an account id and no account, live or purged, has it (the API
   * knows the id shape and looks it up). The caller then gets their own not-found script.
   */
  unknownAccountId?: boolean;
  /**
   * Limited accounts whose unpaid run was restarted by a reactivation (their `paymentFailedAt`
   * is the reactivation's instant, not a failed charge's); the API reads it from the audit log.
   */
  dunningRestartedByReactivation?: readonly string[];
  /**
   * Support actions that succeeded on the loaded accounts lately (the API reads the audit log
   * from `now - RECENT_SUPPORT_ACTION_WINDOW`): after a fix the diagnosis says what was done
   * instead of offering it again.
   */
  recentActions?: readonly RecentSupportAction[];
}

export interface DiagnosedLogin {
  loginId: string;
  accountId: string;
  identifier: string;
  role: LoginRole;
  identifierKind: IdentifierKind;
  /** `contact_email`: reached through the account's contact email, not the login itself. */
  matchedBy: 'identifier' | 'contact_email';
}

/** A fix the console offers; targets say which login, account or block it applies to. */
export interface FindingAction {
  kind: ActionKind;
  needsVerification: boolean;
  minRole: StaffRole;
  /**
   * Offered, not recommended: after a fix, doing it again is possible (a second reset link) but
   * not the next step, so the console does not make it the primary button.
   */
  offeredOnly?: true;
  accountId?: string;
  loginId?: string;
  blockId?: string;
}

export interface Membership {
  loginId: string;
  accountId: string;
  role: LoginRole;
  accountStatus: AccountStatus;
}

/** The facts behind each finding. Instants are UTC epoch ms. */
export interface FindingFactsByCode {
  identifier_not_found: {
    /** What the caller gave: an email or username, or an account id no account has. */
    givenAs: 'identifier' | 'account_id';
    nearMatches: string[];
    /** Near matches are other people's identifiers: for the agent's eyes only. */
    readToCaller: false;
  };
  purged: { deactivatedAt: number | null; purgedAt: number; mayRegisterAgain: true };
  ambiguous_login: { memberships: Membership[] };
  deactivated_reactivatable: {
    reason: ReactivatableReason;
    deactivatedAt: number | null;
    purgeAfter: number;
    daysLeft: number;
    restored: DataSummary;
    statusAfter: 'active' | 'limited';
    planAfter: Plan;
  };
  deactivated_window_closed: {
    reason: DeactivationReason | null;
    deactivatedAt: number | null;
    purgeAfter: number | null;
    /** When the purge job may erase it: more than 24 h after `purgeAfter`. */
    purgeDueAt: number | null;
  };
  deactivated_terms: { reason: DeactivationReason | null; deactivatedAt: number | null };
  login_locked: {
    permanent: boolean;
    /** End of a temporary lock; null for a permanent one. */
    lockedUntil: number | null;
    lockoutCount: number;
  };
  identity_check_required: {
    blockId: string;
    placedAt: number;
    checkStatus: IdentityCheckStatus;
    submittedAt: number | null;
    dueAt: number | null;
    overdue: boolean;
    decidedAt: number | null;
  };
  /** Deliberately without the block's note, author or signals: nothing to read to the caller. */
  suspicious_activity: { blockId: string; placedAt: number; customerNotifiedAt: number | null };
  self_block: { blockId: string; placedAt: number };
  limited_payment_failed: {
    balanceCents: number;
    /** Start of the unpaid run: the first failed charge, or the reactivation that restarted it. */
    paymentFailedAt: number | null;
    /** How the run began; after a reactivation no payment failed on `paymentFailedAt`. */
    startedBy: 'failed_charge' | 'reactivation';
    dayOfDunning: number | null;
    dunningDays: number;
    deactivatesAt: number | null;
    nextRetryAt: number | null;
    retriesDone: number;
  };
  username_login: {
    usernames: string[];
    givenAs: 'contact_email' | 'username';
    /** Given the contact email, the username is only read out once the caller is verified. */
    verifyBeforeReading: boolean;
  };
  recent_credential_change: { changedAt: number; daysAgo: number };
  /** What was just done here, when, by whom ("you" or another staff member) and on which ticket. */
  recent_support_action: Omit<RecentActivity, 'accountId' | 'loginId'>;
  no_blocker_found: { likelyCause: 'wrong_password' };
}

/** What the agent tells the caller, one key per message (EN and FR texts live in the web app). */
export const SCRIPT_KEYS = [
  'identifier_not_found',
  'account_id_not_found',
  'purged',
  'ambiguous_login.owner_and_member',
  'ambiguous_login.team_memberships',
  'deactivated_reactivatable.owner_cancelled',
  'deactivated_reactivatable.owner_request',
  'deactivated_reactivatable.non_payment',
  'deactivated_reactivatable.trial_expired',
  'deactivated_window_closed',
  'deactivated_terms',
  'login_locked.temporary',
  'login_locked.permanent',
  'identity_check_required.not_started',
  'identity_check_required.submitted',
  'identity_check_required.approved',
  'identity_check_required.rejected',
  'suspicious_activity',
  'self_block',
  'limited_payment_failed',
  'limited_after_reactivation',
  'username_login.contact_email',
  'username_login.username',
  'recent_credential_change',
  'recent_support_action.reactivated',
  'recent_support_action.detached',
  'recent_support_action.unlocked',
  'recent_support_action.unlocked_reset_sent',
  'recent_support_action.reset_link_sent',
  'recent_support_action.block_lifted',
  'no_blocker_found',
  'no_blocker_found_after_fix',
] as const;
export type ScriptKey = (typeof SCRIPT_KEYS)[number];

export type FindingOf<C extends FindingCode> = {
  code: C;
  severity: Severity;
  accountId?: string;
  loginId?: string;
  facts: FindingFactsByCode[C];
  actions: FindingAction[];
  scriptKey: ScriptKey;
};

/** Discriminated on `code`, so `finding.facts` narrows with it. */
export type Finding = { [C in FindingCode]: FindingOf<C> }[FindingCode];

export interface Diagnosis {
  /** The normalised query. */
  query: string;
  logins: DiagnosedLogin[];
  /** Blocking first, then warning, then info. */
  findings: Finding[];
}

/**
 * Severity per code. `blocking` = sign-in cannot succeed until it is fixed. `warning` = sign-in
 * works but this is a likely reason the caller thinks it does not (a limited account still signs
 * in; a username account refuses its contact email; a new password meets a cached old one).
 * `info` = context. `purged` drops to info when the identifier also has a live login again.
 */
export const SEVERITY_BY_CODE: Readonly<Record<FindingCode, Severity>> = {
  identifier_not_found: 'blocking',
  purged: 'blocking',
  ambiguous_login: 'blocking',
  deactivated_reactivatable: 'blocking',
  deactivated_window_closed: 'blocking',
  deactivated_terms: 'blocking',
  login_locked: 'blocking',
  identity_check_required: 'blocking',
  suspicious_activity: 'blocking',
  self_block: 'blocking',
  limited_payment_failed: 'warning',
  username_login: 'warning',
  recent_credential_change: 'warning',
  recent_support_action: 'info',
  no_blocker_found: 'info',
};
