import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import {
  type ApiDeps,
  DEFAULT_WEBHOOK_POLICY,
  decryptField,
  describeRange,
  forbiddenAddressRange,
  recordWebhookAttempt,
  WEBHOOK_SECRET_CONTEXT,
  type WebhookAttempt,
  type WebhookPolicy,
} from '@lifeline/api';
import {
  type ClaimedWebhookDelivery,
  claimDueWebhookDeliveries,
  hasDueWebhookDeliveries,
} from '@lifeline/db';
import { MINUTE, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_TIMEOUT, webhookRetryDelay } from '@lifeline/domain';
import { Webhook } from 'standardwebhooks';
import { type Periodic, startPeriodic } from './scheduler.ts';

/**
 * Delivers webhook events (issue 14, SPEC §16) from the transactional outbox, as the outbox
 * sender does emails: deliveries are claimed in a write transaction with a lease (their
 * nextAttemptAt pushed forward; on PostgreSQL the rows locked, others' skipped), POSTed outside
 * any transaction, then marked under the same claim. One sender delivers a delivery at a time
 * across every server; a sender killed mid-POST loses nothing: the lease runs out and another
 * pass sends it again (at-least-once, the same `webhook-id`, so receivers can drop repeats).
 *
 * Each POST: signed per Standard Webhooks, a 10 s limit on the whole exchange, no redirect
 * followed (a 3xx is a failure), at most 4 KB of the answer read, 2xx = delivered. Unless
 * WEBHOOK_ALLOW_PRIVATE, the connection may only reach a public address: names are resolved by
 * a lookup that drops every non-public address, and the address actually connected to is
 * checked again, so DNS rebinding or an IP literal cannot reach this machine or its network.
 */

export const WEBHOOK_BATCH = 20;
/** A claim outlives the longest exchange with room to spare; a pass starts none it cannot end. */
export const WEBHOOK_CLAIM_LEASE = 2 * MINUTE;
/** The most of a receiver's answer read, and the part of it kept in the delivery log. */
export const MAX_RESPONSE_BYTES = 4096;
const MAX_ERROR_LENGTH = 300;
export const WEBHOOK_USER_AGENT = 'Lifeline-Webhooks/1';

export interface WebhookPass {
  delivered: number;
  /** Failed this time, tried again later. */
  retrying: number;
  /** Given up on (status 'failed'). */
  failed: number;
  /** Endpoints the circuit breaker disabled in this pass. */
  disabled: number;
}

export interface WebhookSender {
  /** One pass: claim due deliveries, POST them (endpoints side by side), record each attempt. */
  runOnce(): Promise<WebhookPass>;
  /** Passes every `intervalSeconds` until `stop()`. */
  start(intervalSeconds: number): Periodic;
}

export interface WebhookSenderOptions {
  deps: ApiDeps;
  batchSize?: number;
  /** The limit on one exchange; WEBHOOK_TIMEOUT (10 s) unless a test wants it shorter. */
  timeoutMs?: number;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { deps } = options;
  const batchSize = options.batchSize ?? WEBHOOK_BATCH;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT;
  const policy = (): WebhookPolicy => deps.webhooks ?? DEFAULT_WEBHOOK_POLICY;
  /** A stored secret, readable only with the field key it was encrypted under. */
  const readSecret = (stored: string | null) =>
    stored === null ? null : decryptField(deps.fieldKey, stored, WEBHOOK_SECRET_CONTEXT);

  async function deliver(claim: ClaimedWebhookDelivery): Promise<keyof WebhookPass | 'failed'> {
    const at = deps.clock();
    const body = claim.payload;
    const secret = readSecret(claim.secret);
    const started = performance.now();
    const answer: Answer =
      secret === null
        ? // Not sent unsigned: the key file is not the one the secret was stored under.
          {
            statusCode: null,
            error: 'the signing secret cannot be read (FIELD_ENCRYPTION_KEY_FILE changed?)',
          }
        : await post(
            claim.url,
            signedHeaders(
              { ...claim, secret, previousSecret: readSecret(claim.previousSecret) },
              at,
              body,
            ),
            body,
            policy(),
            timeoutMs,
          );
    const attempt: WebhookAttempt = {
      at,
      statusCode: answer.statusCode,
      durationMs: Math.round(performance.now() - started),
      delivered: answer.error === null,
      error: answer.error,
    };
    const attempts = claim.attempts + 1;
    const giveUp = !attempt.delivered && attempts >= WEBHOOK_MAX_ATTEMPTS;
    const recorded = await recordWebhookAttempt(deps, claim, attempt, {
      giveUp,
      nextAttemptAt: giveUp ? at : at + webhookRetryDelay(attempts),
    });
    // Only if the exchange outlived its lease and another sender claimed the row meanwhile.
    if (!recorded.marked) {
      deps.logger.warn({ deliveryId: claim.id }, 'webhook delivery was claimed elsewhere');
    }
    if (recorded.disabled) {
      deps.logger.warn(
        { endpointId: claim.endpointId },
        'webhook endpoint disabled: it failed for the whole retry period',
      );
      return 'disabled';
    }
    if (attempt.delivered) return 'delivered';
    deps.logger.warn(
      {
        deliveryId: claim.id,
        endpointId: claim.endpointId,
        attempts,
        giveUp,
        error: attempt.error,
      },
      giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
    );
    return giveUp ? 'failed' : 'retrying';
  }

  async function runOnce(): Promise<WebhookPass> {
    const now = deps.clock();
    const pass: WebhookPass = { delivered: 0, retrying: 0, failed: 0, disabled: 0 };
    if (!(await hasDueWebhookDeliveries(deps.db.read, now))) return pass;
    const claimed = await deps.db.transaction((tx) =>
      claimDueWebhookDeliveries(tx, {
        now,
        leaseUntil: now + WEBHOOK_CLAIM_LEASE,
        limit: batchSize,
      }),
    );
    // Endpoints side by side, each one's deliveries in turn: a slow receiver holds up only its
    // own. One that does not answer at all is left for this pass: its other deliveries stay
    // leased and come back when the lease ends, with no attempt counted.
    const byEndpoint = Map.groupBy(claimed, (claim) => claim.endpointId);
    const started = performance.now();
    await Promise.all(
      [...byEndpoint.values()].map(async (queue) => {
        for (const claim of queue) {
          if (performance.now() - started > WEBHOOK_CLAIM_LEASE - 2 * timeoutMs) break;
          const outcome = await deliver(claim);
          pass[outcome] += 1;
          deps.metrics.webhookAttempts.inc({ outcome });
          if (outcome !== 'delivered') break;
        }
      }),
    );
    if (claimed.length > 0) deps.logger.info({ webhooks: pass }, 'webhook pass');
    return pass;
  }

  return {
    runOnce,
    start(intervalSeconds) {
      return startPeriodic(
        'webhooks',
        intervalSeconds * 1000,
        async () => {
          await runOnce();
        },
        deps.logger,
      );
    },
  };
}

/**
 * The Standard Webhooks headers. During a rotation's overlap the previous secret signs too: a
 * receiver still holding it verifies, and so does one already given the new one.
 */
export function signedHeaders(
  claim: Pick<
    ClaimedWebhookDelivery,
    'eventId' | 'secret' | 'previousSecret' | 'previousSecretUntil'
  >,
  at: number,
  body: string,
): Record<string, string> {
  const timestamp = new Date(at);
  const secrets = [claim.secret];
  if (
    claim.previousSecret &&
    claim.previousSecretUntil !== null &&
    claim.previousSecretUntil > at
  ) {
    secrets.push(claim.previousSecret);
  }
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': claim.eventId,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(claim.eventId, timestamp, body))
      .join(' '),
  };
}

interface Answer {
  statusCode: number | null;
  /** Null when delivered (a 2xx). */
  error: string | null;
}

class RefusedAddress extends Error {}

/** Why an address may not be connected to under the policy, or null when it may. */
function refusalOf(address: string, policy: WebhookPolicy): string | null {
  if (policy.allowPrivate) return null;
  const range = forbiddenAddressRange(address);
  return range === null ? null : `${address} is a ${describeRange(range)} address`;
}

/**
 * A `lookup` for the connection that resolves as usual (or through the policy's resolver) and
 * keeps only the addresses the policy allows: a name that resolves to a private address at
 * delivery time — whatever it resolved to when registered — is never connected to.
 */
function guardedLookup(policy: WebhookPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const answer = (error: Error | null, found: LookupAddress[]) => {
      if (error) {
        callback(error as NodeJS.ErrnoException, '', 0);
        return;
      }
      const allowed = found.filter((entry) => refusalOf(entry.address, policy) === null);
      if (allowed.length === 0) {
        const why = found.map((entry) => refusalOf(entry.address, policy)).join('; ');
        callback(
          new RefusedAddress(`refused: ${hostname} resolves to no public address (${why})`),
          '',
          0,
        );
        return;
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      } else {
        const first = allowed[0] as LookupAddress;
        callback(null, first.address, first.family);
      }
    };
    if (policy.resolve) {
      policy.resolve(hostname).then(
        (addresses) =>
          answer(
            null,
            addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
          ),
        (error: unknown) => answer(error as Error, []),
      );
    } else {
      dnsLookup(hostname, { ...options, all: true }, (error, found) => answer(error, found));
    }
  };
}

/** One POST, bounded in time and in what is read back; never throws. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: WebhookPolicy,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ statusCode: null, error: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ statusCode: null, error: 'the endpoint URL is not valid' });
      return;
    }
    if (policy.httpsOnly && target.protocol !== 'https:') {
      finish({ statusCode: null, error: 'refused: not https:// (required in production)' });
      return;
    }
    const literal = target.hostname.replace(/^\[|\]$/gu, '');
    if (/^[\d.]+$|:/u.test(literal)) {
      const refusal = refusalOf(literal, policy);
      if (refusal) {
        finish({ statusCode: null, error: `refused: ${refusal}` });
        return;
      }
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    request = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      // A connection of its own each time: a pooled socket could have been opened to another
      // address, and the check below is made once per connection.
      agent: false,
      lookup: guardedLookup(policy),
    });
    request.on('socket', (socket: Socket) => {
      const check = () => {
        const refusal = socket.remoteAddress ? refusalOf(socket.remoteAddress, policy) : null;
        if (refusal) request?.destroy(new RefusedAddress(`refused: connected to ${refusal}`));
      };
      socket.once('connect', check);
    });
    request.on('error', (error) => {
      finish({ statusCode: null, error: describeError(error) });
    });
    request.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES);
        finish({ statusCode, error: statusError(statusCode, response, text) });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough is read to say what went wrong; a receiver cannot make us read a gigabyte.
        if (size >= MAX_RESPONSE_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(body);
  });
}

/** Null for a 2xx; else what the log says about the answer. */
function statusError(status: number, response: IncomingMessage, text: string): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) {
    return clip(`redirect not followed: HTTP ${status} to ${response.headers.location ?? '?'}`);
  }
  const snippet = text.replace(/\s+/gu, ' ').trim();
  return clip(`HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
}

function describeError(error: Error): string {
  if (error instanceof RefusedAddress) return clip(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  return clip(code ? `${code} ${error.message}` : error.message);
}

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
