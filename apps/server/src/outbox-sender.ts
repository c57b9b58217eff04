import { type ApiDeps, refreshOutboxBacklog } from '@lifeline/api';
import {
  type ClaimedEmail,
  claimDueEmails,
  markEmailAttemptFailed,
  markEmailSent,
} from '@lifeline/db';
import { HOUR, MINUTE, SECOND } from '@lifeline/domain';
import { createTransport } from 'nodemailer';
import { type Periodic, startPeriodic } from './scheduler.ts';

/**
 * Delivers the outbox (SPEC §9) through SMTP. Emails are claimed in an IMMEDIATE transaction
 * with a lease (their nextAttemptAt pushed forward), sent outside any transaction, then marked
 * under the same claim: a second sender, in this process or another one sharing the database,
 * never picks up a row that is being sent. A send that dies before it is marked is retried once
 * the lease runs out (at-least-once, the best SMTP allows).
 */

export const OUTBOX_BATCH = 20;
export const MAX_ATTEMPTS = 8;
export const CLAIM_LEASE = 5 * MINUTE;
/** One send may take this long at most; a pass starts no send its lease could not cover. */
const SEND_TIMEOUT = MINUTE;
const FIRST_RETRY = 30 * SECOND;
const LONGEST_RETRY = HOUR;
const SECRET_PLACEHOLDER = '{{secret}}';
const MAX_ERROR_LENGTH = 200;

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelay(attempts: number): number {
  return Math.min(LONGEST_RETRY, FIRST_RETRY * 2 ** Math.max(0, attempts - 1));
}

export interface SenderPass {
  sent: number;
  /** Failed this time, tried again later. */
  retrying: number;
  /** Given up on (status 'failed'). */
  failed: number;
}

export interface OutboxSender {
  /** One pass: claim due emails, send them, mark them. */
  runOnce(): Promise<SenderPass>;
  /** Passes every `intervalSeconds` until `stop()`. */
  start(intervalSeconds: number): Periodic;
  /** Closes the SMTP transport (after `stop()` of a started sender). */
  close(): void;
}

export interface OutboxSenderOptions {
  deps: ApiDeps;
  smtpUrl: string;
  from: string;
  batchSize?: number;
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { deps, from } = options;
  const batchSize = options.batchSize ?? OUTBOX_BATCH;
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: 20 * SECOND,
    greetingTimeout: 20 * SECOND,
    socketTimeout: 60 * SECOND,
  });

  /** Sends one claimed email and records the outcome; `unreachable` says stop the pass. */
  async function deliver(
    email: ClaimedEmail,
  ): Promise<{ outcome: 'sent' | 'retrying' | 'failed'; unreachable: boolean }> {
    const needsSecret = email.bodyText.includes(SECRET_PLACEHOLDER);
    const secretLost = needsSecret && email.secret === null;
    let error: string | null = null;
    let unreachable = false;
    if (secretLost) {
      // Nothing useful can go out without it; retrying would not bring it back.
      error = 'the code or link of this email is no longer available';
    } else {
      try {
        await transport.sendMail({
          from,
          to: email.toAddress,
          subject: email.subject,
          // Filled in here, in memory, and nowhere else: the stored body keeps the placeholder.
          text: needsSecret
            ? email.bodyText.replaceAll(SECRET_PLACEHOLDER, email.secret ?? '')
            : email.bodyText,
          signal: AbortSignal.timeout(SEND_TIMEOUT),
        });
      } catch (cause) {
        error = describeSmtpError(cause, email.secret);
        unreachable = isServerUnreachable(cause);
      }
    }
    const now = deps.clock();
    if (error === null) {
      const marked = await deps.db.transaction((tx) => markEmailSent(tx, email, now));
      // Only if the send outlived its lease and another sender claimed the row meanwhile.
      if (!marked) deps.logger.warn({ outboxId: email.id }, 'sent email was claimed elsewhere');
      return { outcome: 'sent', unreachable };
    }
    const attempts = email.attempts + 1;
    const giveUp = attempts >= MAX_ATTEMPTS || secretLost;
    await deps.db.transaction((tx) =>
      markEmailAttemptFailed(tx, email, {
        lastError: error,
        nextAttemptAt: giveUp ? now : now + retryDelay(attempts),
        giveUp,
      }),
    );
    deps.logger.warn(
      { outboxId: email.id, attempts, giveUp, error },
      giveUp ? 'email given up' : 'email delivery failed; will retry',
    );
    return { outcome: giveUp ? 'failed' : 'retrying', unreachable };
  }

  async function runOnce(): Promise<SenderPass> {
    const now = deps.clock();
    const claimed = await deps.db.transaction((tx) =>
      claimDueEmails(tx, { now, leaseUntil: now + CLAIM_LEASE, limit: batchSize }),
    );
    const pass: SenderPass = { sent: 0, retrying: 0, failed: 0 };
    const started = performance.now();
    for (const email of claimed) {
      // Rows left over stay leased and come back when the lease ends, with no attempt counted:
      // an SMTP outage does not use up every email's attempts, and no send outlives its lease.
      if (performance.now() - started > CLAIM_LEASE - SEND_TIMEOUT) break;
      const { outcome, unreachable } = await deliver(email);
      pass[outcome] += 1;
      if (unreachable) break;
    }
    await refreshOutboxBacklog(deps);
    if (claimed.length > 0) deps.logger.info({ outbox: pass }, 'outbox pass');
    return pass;
  }

  return {
    runOnce,
    start(intervalSeconds) {
      return startPeriodic(
        'outbox',
        intervalSeconds * 1000,
        async () => {
          await runOnce();
        },
        deps.logger,
      );
    },
    close() {
      transport.close();
    },
  };
}

/** The server could not be reached or talked to at all (not a refusal of this one email). */
function isServerUnreachable(cause: unknown): boolean {
  const error = cause as { code?: unknown; responseCode?: unknown };
  return (
    error.responseCode === 421 ||
    ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EABORT'].includes(String(error.code))
  );
}

/** A short reason for `lastError`: the SMTP code and message, never the email's secret. */
export function describeSmtpError(cause: unknown, secret: string | null): string {
  const error = cause as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [
    typeof error.code === 'string' ? error.code : null,
    typeof error.responseCode === 'number' ? String(error.responseCode) : null,
    typeof error.message === 'string' ? error.message : 'unknown error',
  ].filter((part): part is string => part !== null);
  let text = parts.join(' ').replace(/\s+/g, ' ');
  if (secret) text = text.replaceAll(secret, '[secret]');
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
