import type { BlockKind } from '../codes.ts';
import type { AccountSnapshot } from '../facts.ts';
import { HOUR } from '../time.ts';

/**
 * How long a support action stays "what just happened" on a diagnosis: a reset link's life, the
 * length of a call and its call-back.
 */
export const RECENT_SUPPORT_ACTION_WINDOW = HOUR;

/** The fixes a diagnosis remembers, as the audit log records them when they succeed. */
export const RECENT_ACTION_KINDS = [
  'reactivate',
  'detach_team_member',
  'unlock_login',
  'send_password_reset',
  'lift_block',
] as const;
export type RecentActionKind = (typeof RECENT_ACTION_KINDS)[number];

/** One succeeded support action on an account the query reaches (the API reads the audit log). */
export interface RecentSupportAction {
  kind: RecentActionKind;
  at: number;
  accountId: string;
  loginId: string | null;
  /** Done by the staff member asking; anyone else stays "another staff member" (SPEC §7). */
  byYou: boolean;
  ticketRef: string | null;
  /** For `lift_block`: which block was lifted. */
  blockKind: BlockKind | null;
}

/** What the card says happened: an unlock with its reset link is one thing to the caller. */
export type RecentOutcome =
  | 'reactivated'
  | 'detached'
  | 'unlocked'
  | 'unlocked_reset_sent'
  | 'reset_link_sent'
  | 'block_lifted';

export interface RecentActivity {
  accountId: string;
  loginId: string | null;
  outcome: RecentOutcome;
  at: number;
  byYou: boolean;
  ticketRef: string | null;
  blockKind: BlockKind | null;
  /** The newest reset link of this account's matched login in the window, if any. */
  resetLinkSentAt: number | null;
}

/** Within the window, not in the future (a clock ahead of the audit row's is no "just now"). */
export function isRecent(at: number, now: number): boolean {
  return at <= now && now - at < RECENT_SUPPORT_ACTION_WINDOW;
}

const OUTCOME_OF: Record<Exclude<RecentActionKind, 'send_password_reset'>, RecentOutcome> = {
  reactivate: 'reactivated',
  detach_team_member: 'detached',
  unlock_login: 'unlocked',
  lift_block: 'block_lifted',
};

/**
 * The newest fix per account, from the actions that concern what the caller said: an account
 * they reach (reactivate, lift), or a login they hold (unlock, reset link, or the team-member
 * login just detached, which no longer reaches its account). A reset link on its own is what
 * happened only when no other fix did; with an unlock of the same login, it is part of it.
 */
export function recentActivity(
  actions: readonly RecentSupportAction[],
  snapshots: readonly AccountSnapshot[],
  concerns: { accountIds: ReadonlySet<string>; loginIds: ReadonlySet<string> },
  now: number,
): RecentActivity[] {
  const known = new Set(snapshots.map((s) => s.account.id));
  const relevant = actions
    .filter((a) => known.has(a.accountId) && isRecent(a.at, now))
    .filter((a) =>
      a.loginId === null || a.kind === 'reactivate' || a.kind === 'lift_block'
        ? concerns.accountIds.has(a.accountId)
        : concerns.loginIds.has(a.loginId),
    )
    .sort((a, b) => b.at - a.at);
  const activity: RecentActivity[] = [];
  for (const accountId of new Set(relevant.map((a) => a.accountId))) {
    const ofAccount = relevant.filter((a) => a.accountId === accountId);
    const fix = ofAccount.find((a) => a.kind !== 'send_password_reset');
    const link = ofAccount.find(
      (a) => a.kind === 'send_password_reset' && (fix === undefined || a.loginId === fix.loginId),
    );
    const shown = fix ?? link;
    if (shown === undefined) continue;
    const outcome: RecentOutcome =
      shown.kind === 'send_password_reset'
        ? 'reset_link_sent'
        : shown.kind === 'unlock_login' && link !== undefined && link.at >= shown.at
          ? 'unlocked_reset_sent'
          : OUTCOME_OF[shown.kind];
    activity.push({
      accountId,
      loginId: shown.loginId,
      outcome,
      at: shown.at,
      byYou: shown.byYou,
      ticketRef: shown.ticketRef,
      blockKind: shown.blockKind,
      resetLinkSentAt: link?.at ?? null,
    });
  }
  return activity;
}
