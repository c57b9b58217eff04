import { createHash, randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  type Db,
  enqueueEmail,
  insertResetToken,
  resetLinkTimesSince,
} from '@lifeline/db';
import {
  type AccountSnapshot,
  assertResetLinkAllowed,
  DomainError,
  emailCodeAddress,
  HOUR,
  type LoginFacts,
  RESET_LINK_WINDOW,
} from '@lifeline/domain';
import type { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import type { sendPasswordResetInput } from '../../schemas.ts';
import { renderEmail } from '../emails.ts';
import { runLoginAction, type Staff } from './recovery.ts';

/** A reset link works once, within an hour (the email says so). */
export const RESET_LINK_VALIDITY = HOUR;

export type SendPasswordResetInput = z.output<typeof sendPasswordResetInput>;

/**
 * Send a reset link (SPEC §6). No verification: the link goes only to the address on file.
 * Nothing on the account changes, so its version stays and a reactivation in flight is not
 * disturbed.
 */
export async function sendPasswordReset(
  deps: ApiDeps,
  staff: Staff,
  input: SendPasswordResetInput,
) {
  return runLoginAction(
    deps,
    staff,
    {
      procedure: 'actions.sendPasswordReset',
      audit: 'login.send_password_reset',
      metric: 'send_password_reset',
    },
    input,
    async ({ tx, now, snapshot, login }) => {
      if (login.removedAt !== null) {
        throw new DomainError('NOT_FOUND', 'This login has been removed.', { loginId: login.id });
      }
      return issueResetLink(tx, {
        staffId: staff.id,
        snapshot,
        login,
        ticketRef: input.ticketRef,
        verificationId: null,
        resetLinkBase: deps.resetLinkBase,
        now,
      });
    },
  );
}

/**
 * A single-use reset link: 32 random bytes, only their SHA-256 stored, the link itself only in
 * the outbox row's secret (filled into the body at delivery). At most 3 per login per hour,
 * counted from the tokens table, so an unlock's link counts too.
 */
export async function issueResetLink(
  tx: Db,
  input: {
    staffId: string;
    snapshot: AccountSnapshot;
    login: LoginFacts;
    ticketRef: string;
    verificationId: string | null;
    resetLinkBase: string;
    now: number;
  },
): Promise<{ outboxId: string; expiresAt: number }> {
  const { login, snapshot, now } = input;
  const toAddress = emailCodeAddress(snapshot, login);
  if (toAddress === null) {
    throw new DomainError('NOT_FOUND', 'This login has no email address to send a link to.', {
      loginId: login.id,
    });
  }
  assertResetLinkAllowed(await resetLinkTimesSince(tx, login.id, now - RESET_LINK_WINDOW), now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + RESET_LINK_VALIDITY;
  const tokenId = await insertResetToken(tx, {
    loginId: login.id,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    createdAt: now,
    expiresAt,
  });
  const event = await appendAuditEvent(tx, {
    at: now,
    staffId: input.staffId,
    action: 'login.send_password_reset',
    outcome: 'succeeded',
    accountId: snapshot.account.id,
    loginId: login.id,
    ticketRef: input.ticketRef,
    verificationId: input.verificationId,
    details: { tokenId, expiresAt },
  });
  const outboxId = await enqueueEmail(
    tx,
    {
      template: 'password_reset',
      toAddress,
      ...renderEmail('password_reset', { identifier: login.identifier }, snapshot.account.language),
      secret: `${input.resetLinkBase}?token=${token}`,
      accountId: snapshot.account.id,
      loginId: login.id,
      auditEventId: event.id,
    },
    now,
  );
  return { outboxId, expiresAt };
}
