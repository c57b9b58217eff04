import {
  type Db,
  findAccountHeader,
  findLiveLoginsOfAccount,
  findOwnerLoginsByContactEmail,
  findTombstoneById,
  type LoginKeyset,
  type LoginSearchRow,
  listAccountAuditEvents,
  listAccountEmails,
  loadAccountSnapshots,
  loadDiagnosisInput,
  searchLoginsByPrefix,
} from '@lifeline/db';
import {
  type AccountSnapshot,
  type AccountStatus,
  type AuditAction,
  type AuditOutcome,
  can,
  type DeactivationReason,
  DomainError,
  daysLeftInWindow,
  decideReactivation,
  diagnose,
  dunningState,
  effectivePurgeAfter,
  type IdentifierKind,
  identityCheckDueAt,
  isIdentityCheckOverdue,
  type LoginRole,
  lockState,
  maskCard,
  normaliseIdentifier,
  type OutboxStatus,
  type OutboxTemplate,
  type Plan,
  purgeAfterFor,
  type ReactivationRefusal,
} from '@lifeline/domain';
import type { z } from 'zod';
import type { diagnoseInput, getAccountInput, searchInput } from '../schemas.ts';
import type { StaffContext } from '../trpc.ts';
import { ownerEmailOf } from './emails.ts';
import { maskEmail, verificationMethodsOf, verificationStateFor } from './verification.ts';

export const SEARCH_DEFAULT_LIMIT = 20;
const TIMELINE_LIMIT = 50;
const CHARGES_SHOWN = 5;
const ACCOUNT_ID_SHAPE = /^acc_[0-9a-z]{4,32}$/u;

// ── accounts.search ──────────────────────────────────────────────────────────────────────────

export interface SearchItem {
  accountId: string;
  /** Null only for an account id with no live login (purged, or every login removed). */
  loginId: string | null;
  identifier: string | null;
  identifierKind: IdentifierKind | null;
  role: LoginRole | null;
  status: AccountStatus;
  plan: Plan | null;
  matchedBy: 'account_id' | 'identifier_prefix' | 'contact_email';
}

function itemOf(row: LoginSearchRow, matchedBy: SearchItem['matchedBy']): SearchItem {
  return {
    accountId: row.accountId,
    loginId: row.loginId,
    identifier: row.identifier,
    identifierKind: row.identifierKind,
    role: row.role,
    status: row.status,
    plan: row.plan,
    matchedBy,
  };
}

/** Opaque to clients: where the next page starts, tied to the query it was made for. */
function encodeCursor(query: string, after: LoginKeyset): string {
  return Buffer.from(
    JSON.stringify({ q: query, i: after.identifier, a: after.accountId }),
  ).toString('base64url');
}

function decodeCursor(query: string, cursor: string): LoginKeyset {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'q' in parsed &&
      'i' in parsed &&
      'a' in parsed &&
      parsed.q === query &&
      typeof parsed.i === 'string' &&
      typeof parsed.a === 'string'
    ) {
      return { identifier: parsed.i, accountId: parsed.a };
    }
  } catch {
    // Falls through to the refusal: a cursor is ours or it is nothing.
  }
  throw new DomainError('INVALID_INPUT', 'This page of results is no longer valid; search again.');
}

async function searchByAccountId(db: Db, accountId: string, limit: number) {
  const rows = await findLiveLoginsOfAccount(db, accountId);
  if (rows.length > 0) return rows.slice(0, limit).map((row) => itemOf(row, 'account_id'));
  const account = await findAccountHeader(db, accountId);
  const bare = { loginId: null, identifier: null, identifierKind: null, role: null };
  if (account) {
    return [
      {
        accountId,
        ...bare,
        status: account.status,
        plan: account.plan,
        matchedBy: 'account_id' as const,
      },
    ];
  }
  const tombstone = await findTombstoneById(db, accountId);
  if (tombstone) {
    return [
      {
        accountId,
        ...bare,
        status: 'purged' as const,
        plan: null,
        matchedBy: 'account_id' as const,
      },
    ];
  }
  return null;
}

/**
 * An account id finds that account; anything else is an identifier prefix, scanned on the
 * logins index with keyset paging. The first page also carries the owners of accounts whose
 * contact email is exactly the query (a username account is found by its email that way).
 */
export async function searchAccounts(
  ctx: StaffContext,
  input: z.infer<typeof searchInput>,
): Promise<{ items: SearchItem[]; nextCursor: string | null }> {
  const db = ctx.deps.db.read;
  const query = normaliseIdentifier(input.query);
  const limit = input.limit ?? SEARCH_DEFAULT_LIMIT;
  const after = input.cursor === undefined ? null : decodeCursor(query, input.cursor);

  if (after === null && ACCOUNT_ID_SHAPE.test(query)) {
    const items = await searchByAccountId(db, query, limit);
    // Not an account: a username may look like one, so it is searched as a prefix below.
    if (items !== null) return { items, nextCursor: null };
  }

  const items: SearchItem[] = [];
  if (after === null) {
    const byContact = await findOwnerLoginsByContactEmail(db, query, limit);
    for (const row of byContact) {
      // Logins that start with the query come from the prefix scan, in their place.
      if (!row.identifier.startsWith(query)) items.push(itemOf(row, 'contact_email'));
    }
  }
  const room = limit - items.length;
  const rows = await searchLoginsByPrefix(db, query, after, room + 1);
  const page = rows.slice(0, room);
  for (const row of page) items.push(itemOf(row, 'identifier_prefix'));
  const last = page.at(-1);
  const resumeAfter: LoginKeyset = last
    ? { identifier: last.identifier, accountId: last.accountId }
    : (after ?? { identifier: '', accountId: '' });
  return {
    items,
    nextCursor: rows.length > room ? encodeCursor(query, resumeAfter) : null,
  };
}

// ── accounts.diagnose ────────────────────────────────────────────────────────────────────────

/**
 * The diagnosis of SPEC §4 as the domain gives it (its facts hold no secrets: a suspicious-
 * activity finding carries no note), plus what the verification panel needs per login and the
 * lock and pass state of this staff member on the matched accounts.
 */
export async function diagnoseIdentifier(ctx: StaffContext, input: z.infer<typeof diagnoseInput>) {
  const { deps, staff } = ctx;
  const now = deps.clock();
  const db = deps.db.read;
  const diagnosisInput = await loadDiagnosisInput(db, input.identifier, deps.identifierHashKey);
  const diagnosis = diagnose(diagnosisInput, now);
  const snapshots = new Map(diagnosisInput.snapshots.map((s) => [s.account.id, s]));
  const logins = diagnosis.logins.map((diagnosed) => {
    const snapshot = snapshots.get(diagnosed.accountId);
    const login = snapshot?.logins.find((l) => l.id === diagnosed.loginId);
    return {
      ...diagnosed,
      verificationMethods:
        snapshot && login
          ? verificationMethodsOf(snapshot, login)
          : { cardLast4: false, billingAddress: false, emailCode: false, emailCodeSentTo: null },
    };
  });
  const accountIds = [...new Set(diagnosis.logins.map((l) => l.accountId))];
  // What the console's cards and confirmations state: the version the agent decided on (sent
  // back as reactivate's expectedVersion) and where the owner's email goes, masked.
  const accounts = accountIds.flatMap((accountId) => {
    const snapshot = snapshots.get(accountId);
    if (!snapshot) return [];
    const { status, plan, version } = snapshot.account;
    return [{ accountId, status, plan, version, ownerEmail: maskEmail(ownerEmailOf(snapshot)) }];
  });
  return {
    query: diagnosis.query,
    logins,
    accounts,
    findings: diagnosis.findings,
    verification: await verificationStateFor(db, staff.id, accountIds, now),
  };
}

// ── accounts.get ─────────────────────────────────────────────────────────────────────────────

export type TimelineEntry =
  | {
      kind: 'event';
      id: string;
      at: number;
      action: AuditAction;
      outcome: AuditOutcome;
      reason: string | null;
      staffId: string;
      staffName: string;
      ticketRef: string | null;
      loginId: string | null;
    }
  | {
      kind: 'email';
      id: string;
      at: number;
      template: OutboxTemplate;
      to: string;
      status: OutboxStatus;
      sentAt: number | null;
    };

function actorName(staffId: string, displayName: string | null): string {
  if (displayName !== null) return displayName;
  return staffId === 'system' ? 'System' : staffId;
}

/**
 * Audit events and emails of the account, merged newest first. An agent needs the account's
 * history ("unlocked yesterday") but sees only their own audit events in full (SPEC §7): other
 * staff members' events show what happened and when, not who or on which ticket.
 */
async function timelineOf(
  db: Db,
  accountId: string,
  viewer: StaffContext['staff'],
): Promise<TimelineEntry[]> {
  const seesAll = can(viewer.role, 'audit.readAll');
  const visible = (staffId: string) => seesAll || staffId === viewer.id || staffId === 'system';
  const events = await listAccountAuditEvents(db, accountId, TIMELINE_LIMIT);
  const emails = await listAccountEmails(db, accountId, TIMELINE_LIMIT);
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({
      kind: 'event' as const,
      id: `evt_${e.id}`,
      at: e.at,
      action: e.action,
      outcome: e.outcome,
      reason: e.reason,
      staffId: visible(e.staffId) ? e.staffId : 'other',
      staffName: visible(e.staffId) ? actorName(e.staffId, e.staffName) : 'Another staff member',
      ticketRef: visible(e.staffId) ? e.ticketRef : null,
      loginId: e.loginId,
    })),
    ...emails.map((m) => ({
      kind: 'email' as const,
      id: m.id,
      at: m.createdAt,
      template: m.template,
      to: maskEmail(m.toAddress),
      status: m.status,
      sentAt: m.sentAt,
    })),
  ];
  // Stable sort: at equal instants an event stays before the email it caused.
  return entries.sort((a, b) => b.at - a.at).slice(0, TIMELINE_LIMIT);
}

export interface AccountView {
  id: string;
  status: AccountStatus;
  plan: Plan | null;
  version: number | null;
  createdAt: number | null;
  trialEndsAt: number | null;
  deactivatedAt: number | null;
  deactivationReason: DeactivationReason | null;
  purgeAfter: number | null;
  /** Days left in the reactivation window while deactivated, else null. */
  daysLeft: number | null;
  /**
   * While deactivated, whether the console may reactivate it and, if not, why (the domain's
   * `decideReactivation`): the account view renders this, it never decides it again.
   */
  reactivation: { allowed: boolean; refusal: ReactivationRefusal['reason'] | null } | null;
  purgedAt: number | null;
  balanceCents: number | null;
  paymentFailedAt: number | null;
  dunning: {
    dayOfDunning: number;
    deactivatesAt: number;
    nextRetryAt: number | null;
    retriesDone: number;
  } | null;
  data: { contacts: number; lists: number; campaigns: number } | null;
  contactEmail: string | null;
}

/**
 * One account for the account view. Billing details appear only once this staff member has a
 * live pass for an owner of this account (billing belongs to the owner: a team member's email
 * code does not show the owner's card). Suspicious-activity notes are for those who may lift
 * such blocks (leads): an agent must have nothing to read out about the signals.
 */
export async function getAccount(
  ctx: StaffContext,
  input: z.infer<typeof getAccountInput>,
): Promise<AccountDetails> {
  const db = ctx.deps.db.read;
  const [snapshot] = await loadAccountSnapshots(db, [input.accountId]);
  return snapshot === undefined
    ? purgedAccount(db, input.accountId, ctx.staff)
    : liveAccount(ctx, db, snapshot);
}

function reactivationOutlook(account: AccountSnapshot['account'], now: number) {
  if (account.status !== 'deactivated') return null;
  const decision = decideReactivation(account, now);
  return decision.ok
    ? { allowed: true, refusal: null }
    : { allowed: false, refusal: decision.reason };
}

export type AccountDetails = Awaited<ReturnType<typeof liveAccount>>;

async function liveAccount(ctx: StaffContext, db: Db, snapshot: AccountSnapshot) {
  const { deps, staff } = ctx;
  const now = deps.clock();
  const { account } = snapshot;
  const state = await verificationStateFor(db, staff.id, [account.id], now);
  const accountState = state.accounts[0] ?? { lockedUntil: null, passed: [] };
  const liveOwners = new Set(
    snapshot.logins.filter((l) => l.role === 'owner' && l.removedAt === null).map((l) => l.id),
  );
  const ownerVerified = accountState.passed.some((pass) => liveOwners.has(pass.loginId));
  const mayReadSuspiciousNotes = can(staff.role, 'actions.liftSuspiciousBlock');
  const purgeAfter = effectivePurgeAfter(account);
  const { card, address } = snapshot.billing;

  const view: AccountView = {
    id: account.id,
    status: account.status,
    plan: account.plan,
    version: account.version,
    createdAt: account.createdAt,
    trialEndsAt: account.trialEndsAt,
    deactivatedAt: account.deactivatedAt,
    deactivationReason: account.deactivationReason,
    purgeAfter: account.purgeAfter,
    daysLeft:
      account.status === 'deactivated' && purgeAfter !== null
        ? daysLeftInWindow(purgeAfter, now)
        : null,
    reactivation: reactivationOutlook(account, now),
    purgedAt: null,
    balanceCents: account.balanceCents,
    paymentFailedAt: account.paymentFailedAt,
    dunning:
      account.status === 'limited' && account.paymentFailedAt !== null
        ? dunningState(account.paymentFailedAt, now)
        : null,
    data: account.data,
    contactEmail: account.contactEmail,
  };
  return {
    account: view,
    logins: snapshot.logins.map((login) => {
      const lock = lockState(login, now);
      return {
        id: login.id,
        identifier: login.identifier,
        identifierKind: login.identifierKind,
        role: login.role,
        locked: lock.locked,
        lockPermanent: lock.permanent,
        lockedUntil: lock.lockedUntil,
        failedAttempts: login.failedAttempts,
        lockoutCount: login.lockoutCount,
        passwordChangedAt: login.passwordChangedAt,
        removedAt: login.removedAt,
        verificationMethods: verificationMethodsOf(snapshot, login),
      };
    }),
    blocks: snapshot.blocks.map((block) => {
      const hidden = block.kind === 'suspicious_activity' && !mayReadSuspiciousNotes;
      return {
        id: block.id,
        kind: block.kind,
        placedAt: block.placedAt,
        placedBy: block.placedBy,
        note: hidden ? null : block.note,
        noteHidden: hidden && block.note !== null,
        customerNotifiedAt: block.customerNotifiedAt,
        liftedAt: block.liftedAt,
        liftedBy: block.liftedBy,
        identityCheckId: block.identityCheck?.id ?? null,
      };
    }),
    identityChecks: snapshot.blocks.flatMap((block) => {
      const check = block.identityCheck;
      if (check === null) return [];
      return [
        {
          id: check.id,
          blockId: block.id,
          status: check.status,
          submittedAt: check.submittedAt,
          dueAt: identityCheckDueAt(check),
          overdue: isIdentityCheckOverdue(check, now),
          decidedAt: check.decidedAt,
          decidedBy: check.decidedBy,
        },
      ];
    }),
    billing: {
      ownerVerified,
      card: {
        onFile: card !== null,
        brand: ownerVerified && card ? card.brand : null,
        masked: ownerVerified && card ? maskCard(card) : null,
      },
      address: {
        onFile: address !== null,
        city: ownerVerified && address ? address.city : null,
        country: ownerVerified && address ? address.country : null,
      },
      charges: snapshot.billing.charges
        .slice(-CHARGES_SHOWN)
        .reverse()
        .map((charge) => ({
          at: charge.at,
          amountCents: charge.amountCents,
          outcome: charge.outcome,
          failureCode: charge.failureCode,
        })),
    },
    verification: {
      staffThrottledUntil: state.staffThrottledUntil,
      lockedUntil: accountState.lockedUntil,
      passed: accountState.passed,
    },
    timeline: await timelineOf(db, account.id, ctx.staff),
  };
}

/** What is left of a purged account: its id, its dates and its history. Unknown → NOT_FOUND. */
async function purgedAccount(
  db: Db,
  accountId: string,
  viewer: StaffContext['staff'],
): Promise<AccountDetails> {
  const tombstone = await findTombstoneById(db, accountId);
  if (tombstone === null) throw new DomainError('NOT_FOUND', 'No account has this id.');
  const view: AccountView = {
    id: tombstone.accountId,
    status: 'purged',
    plan: null,
    version: null,
    createdAt: null,
    trialEndsAt: null,
    deactivatedAt: tombstone.deactivatedAt,
    deactivationReason: tombstone.deactivationReason,
    purgeAfter: tombstone.deactivatedAt === null ? null : purgeAfterFor(tombstone.deactivatedAt),
    daysLeft: null,
    reactivation: null,
    purgedAt: tombstone.purgedAt,
    balanceCents: null,
    paymentFailedAt: null,
    dunning: null,
    data: null,
    contactEmail: null,
  };
  return {
    account: view,
    logins: [],
    blocks: [],
    identityChecks: [],
    billing: {
      ownerVerified: false,
      card: { onFile: false, brand: null, masked: null },
      address: { onFile: false, city: null, country: null },
      charges: [],
    },
    verification: { staffThrottledUntil: null, lockedUntil: null, passed: [] },
    timeline: await timelineOf(db, tombstone.accountId, viewer),
  };
}
