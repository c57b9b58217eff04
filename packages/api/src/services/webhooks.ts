import { randomBytes } from 'node:crypto';
import {
  appendAuditEvent,
  type ClaimedWebhookDelivery,
  endWebhookAlerts,
  failPendingWebhookDeliveries,
  findWebhookDelivery,
  findWebhookEndpoint,
  findWebhookSecrets,
  insertWebhookAlert,
  insertWebhookDelivery,
  insertWebhookEndpoint,
  insertWebhookEvent,
  listWebhookDeliveries,
  listWebhookEndpoints,
  markWebhookAttemptFailed,
  markWebhookDelivered,
  rotateWebhookSecret as storeRotatedSecret,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from '@lifeline/db';
import {
  buildWebhookPayload,
  DAY,
  DomainError,
  WEBHOOK_SECRET_OVERLAP,
  type WebhookDeliveryStatus,
  type WebhookSubscribableEventType,
  webhookBreakerTrips,
} from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { cursorCodec } from './cursor.ts';
import { encryptField } from './field-crypto.ts';
import { SYSTEM_STAFF_ID } from './jobs.ts';
import { checkWebhookUrl, DEFAULT_WEBHOOK_POLICY } from './webhook-addresses.ts';

type Actor = Pick<StaffPrincipal, 'id'>;

/**
 * Webhook endpoints (issue 14, SPEC §16): admins register where signed events go, rotate their
 * secrets, send a test event and replay a delivery; the sender (apps/server webhook-sender.ts)
 * records each attempt here, where the circuit breaker disables an endpoint failing too long.
 *
 * Secrets: Standard Webhooks signs with a shared HMAC key, so the server must read each secret
 * back to sign (a hash would not do). It is stored encrypted with the field key kept outside
 * the database (FIELD_ENCRYPTION_KEY_FILE, as TOTP seeds: a copy of the database alone signs
 * nothing), never logged, never put in an audit event, and returned only by create and rotate.
 */

/** Authenticated with every stored webhook secret: a TOTP seed's ciphertext does not fit here. */
export const WEBHOOK_SECRET_CONTEXT = 'webhook_endpoint_secret';

/** `whsec_` and 32 random bytes in base64: the Standard Webhooks secret format. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The URL as audit events name it: no query string or fragment, where a token may hide. */
function urlForAudit(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}

async function loadEndpoint(db: ApiDeps['db']['read'], endpointId: string) {
  const endpoint = await findWebhookEndpoint(db, endpointId);
  if (!endpoint) throw new DomainError('NOT_FOUND', 'There is no webhook endpoint with this id.');
  return endpoint;
}

function endpointView(row: WebhookEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
    previousSecretUntil: row.previousSecretUntil,
  };
}

export async function webhookList(deps: ApiDeps) {
  const rows = await listWebhookEndpoints(deps.db.read);
  const now = deps.clock();
  return {
    endpoints: rows.map((row) => ({
      ...endpointView(row),
      // Past its overlap the previous secret no longer signs: the console need not mention it.
      previousSecretUntil:
        row.previousSecretUntil !== null && row.previousSecretUntil > now
          ? row.previousSecretUntil
          : null,
      lastDelivery: row.lastDelivery,
    })),
  };
}

export async function createWebhook(
  deps: ApiDeps,
  staff: Actor,
  input: {
    url: string;
    description?: string | undefined;
    eventTypes: WebhookSubscribableEventType[];
  },
) {
  // The name is resolved before the write lock is taken (DNS can be slow); a refusal is thrown
  // inside the change so that it is audited like any other.
  const checked = await checkWebhookUrl(input.url, deps.webhooks ?? DEFAULT_WEBHOOK_POLICY).then(
    (url) => ({ url }),
    (error: unknown) => ({ error }),
  );
  const secret = newWebhookSecret();
  return runChange(
    deps,
    staff,
    {
      audit: 'webhook.create',
      subject: { details: { url: urlForAudit(input.url), eventTypes: input.eventTypes } },
    },
    async (tx, now) => {
      if ('error' in checked) throw checked.error;
      const endpoint = await insertWebhookEndpoint(tx, {
        url: checked.url,
        description: input.description ?? '',
        eventTypes: input.eventTypes,
        secret: encryptField(deps.fieldKey, secret, WEBHOOK_SECRET_CONTEXT),
        createdBy: staff.id,
        now,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'webhook.create',
        outcome: 'succeeded',
        details: {
          endpointId: endpoint.id,
          url: urlForAudit(endpoint.url),
          eventTypes: endpoint.eventTypes,
          description: endpoint.description,
        },
      });
      return { endpoint: { ...endpointView(endpoint), lastDelivery: null }, secret };
    },
  );
}

export async function updateWebhook(
  deps: ApiDeps,
  staff: Actor,
  input: {
    endpointId: string;
    enabled?: boolean | undefined;
    eventTypes?: WebhookSubscribableEventType[] | undefined;
    description?: string | undefined;
  },
) {
  const updated = await runChange(
    deps,
    staff,
    { audit: 'webhook.update', subject: { details: { endpointId: input.endpointId } } },
    async (tx, now) => {
      const before = await loadEndpoint(tx, input.endpointId);
      const enabling = input.enabled === true && !before.enabled;
      const disabling = input.enabled === false && before.enabled;
      const after = await updateWebhookEndpoint(tx, before.id, {
        now,
        ...(input.eventTypes ? { eventTypes: input.eventTypes } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        // Re-enabled: a fresh start for the circuit breaker, and its alert ends.
        ...(enabling ? { enabled: true, disabledReason: null, failingSince: null } : {}),
        ...(disabling ? { enabled: false, disabledReason: 'admin' } : {}),
      });
      if (!after) throw new DomainError('NOT_FOUND', 'There is no webhook endpoint with this id.');
      if (enabling) await endWebhookAlerts(tx, before.id, now);
      const dropped = disabling
        ? await failPendingWebhookDeliveries(tx, before.id, 'endpoint disabled by an admin')
        : 0;
      const changed = (field: 'enabled' | 'eventTypes' | 'description') =>
        JSON.stringify(before[field]) !== JSON.stringify(after[field])
          ? { [field]: { before: before[field], after: after[field] } }
          : {};
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'webhook.update',
        outcome: 'succeeded',
        details: {
          endpointId: before.id,
          url: urlForAudit(before.url),
          ...changed('enabled'),
          ...changed('eventTypes'),
          ...changed('description'),
          ...(dropped > 0 ? { pendingDeliveriesFailed: dropped } : {}),
        },
      });
      return endpointView(after);
    },
  );
  // As the list shows it (with its newest delivery), read once the change has committed.
  const listed = await webhookList(deps);
  const endpoint = listed.endpoints.find((e) => e.id === updated.id);
  return { endpoint: endpoint ?? { ...updated, lastDelivery: null } };
}

export async function rotateWebhookSecret(
  deps: ApiDeps,
  staff: Actor,
  input: { endpointId: string },
) {
  const secret = newWebhookSecret();
  return runChange(
    deps,
    staff,
    { audit: 'webhook.rotate_secret', subject: { details: { endpointId: input.endpointId } } },
    async (tx, now) => {
      const endpoint = await loadEndpoint(tx, input.endpointId);
      const current = await findWebhookSecrets(tx, endpoint.id);
      if (!current)
        throw new DomainError('NOT_FOUND', 'There is no webhook endpoint with this id.');
      const previousSecretUntil = now + WEBHOOK_SECRET_OVERLAP;
      await storeRotatedSecret(tx, endpoint.id, {
        secret: encryptField(deps.fieldKey, secret, WEBHOOK_SECRET_CONTEXT),
        // Already encrypted: it moves from one column to the other as it is.
        previousSecret: current.secret,
        previousSecretUntil,
        now,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'webhook.rotate_secret',
        outcome: 'succeeded',
        details: { endpointId: endpoint.id, url: urlForAudit(endpoint.url), previousSecretUntil },
      });
      return { secret, previousSecretUntil };
    },
  );
}

function assertEnabled(endpoint: WebhookEndpointRow): void {
  if (!endpoint.enabled) {
    throw new DomainError(
      'INVALID_INPUT',
      'This endpoint is disabled: enable it first, then send to it.',
    );
  }
}

/** A `webhook.test` event to one endpoint, whatever it subscribes to. */
export async function sendWebhookTest(deps: ApiDeps, staff: Actor, input: { endpointId: string }) {
  return runChange(
    deps,
    staff,
    { audit: 'webhook.send_test', subject: { details: { endpointId: input.endpointId } } },
    async (tx, now) => {
      const endpoint = await loadEndpoint(tx, input.endpointId);
      assertEnabled(endpoint);
      const audit = await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'webhook.send_test',
        outcome: 'succeeded',
        details: { endpointId: endpoint.id, url: urlForAudit(endpoint.url) },
      });
      const payload = buildWebhookPayload(
        {
          type: 'webhook.test',
          at: now,
          auditEventId: null,
          action: null,
          outcome: null,
          reason: null,
          staffId: staff.id,
          ticketRef: null,
          accountId: null,
          login: null,
          verification: null,
        },
        { consoleUrl: '', ticketUrlTemplate: null },
      );
      const { deliveryIds } = await insertWebhookEvent(tx, {
        type: 'webhook.test',
        payload: JSON.stringify(payload),
        createdAt: now,
        auditEventId: audit.id,
        endpointIds: [endpoint.id],
      });
      return { deliveryId: deliveryIds[0] as string };
    },
  );
}

/** A new delivery of a delivery's event to its endpoint: the same `webhook-id`, signed anew. */
export async function replayWebhookDelivery(
  deps: ApiDeps,
  staff: Actor,
  input: { deliveryId: string },
) {
  return runChange(
    deps,
    staff,
    { audit: 'webhook.replay', subject: { details: { deliveryId: input.deliveryId } } },
    async (tx, now) => {
      const original = await findWebhookDelivery(tx, input.deliveryId);
      if (!original) {
        throw new DomainError('NOT_FOUND', 'There is no webhook delivery with this id.');
      }
      const endpoint = await loadEndpoint(tx, original.endpointId);
      assertEnabled(endpoint);
      const deliveryId = await insertWebhookDelivery(tx, {
        eventId: original.eventId,
        endpointId: endpoint.id,
        replayOf: original.id,
        now,
      });
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'webhook.replay',
        outcome: 'succeeded',
        details: {
          endpointId: endpoint.id,
          eventId: original.eventId,
          replayOf: original.id,
          deliveryId,
        },
      });
      return { deliveryId };
    },
  );
}

const deliveryCursor = cursorCodec(
  z.strictObject({ createdAt: z.number().int(), id: z.string().max(64) }),
);
const DELIVERIES_PAGE = 50;

export async function webhookDeliveries(
  deps: ApiDeps,
  input: {
    endpointId?: string | undefined;
    status?: WebhookDeliveryStatus | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const limit = input.limit ?? DELIVERIES_PAGE;
  const rows = await listWebhookDeliveries(deps.db.read, {
    endpointId: input.endpointId,
    status: input.status,
    before: input.cursor ? deliveryCursor.decode(input.cursor) : undefined,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last
        ? deliveryCursor.encode({ createdAt: last.createdAt, id: last.id })
        : null,
  };
}

/** An attempt as the sender saw it. */
export interface WebhookAttempt {
  at: number;
  /** The receiver's HTTP status, or null when it never answered. */
  statusCode: number | null;
  durationMs: number;
  delivered: boolean;
  /** Why it failed, in a line, for the delivery log (never the secret or the body sent). */
  error: string | null;
}

/** How long a disabled endpoint's alert stays in force unless it is re-enabled sooner. */
const DISABLED_ALERT_DAYS = 30;

/**
 * Records one attempt of a claimed delivery, in one transaction: delivered, or retried later,
 * or given up; and the circuit breaker: an endpoint that has failed without a single success
 * for the whole retry period is disabled (audited as `system`), its pending deliveries end as
 * failed, and admins get a `webhook_endpoint_disabled` alert.
 */
export async function recordWebhookAttempt(
  deps: ApiDeps,
  claim: ClaimedWebhookDelivery,
  attempt: WebhookAttempt,
  schedule: { nextAttemptAt: number; giveUp: boolean },
): Promise<{ marked: boolean; disabled: boolean }> {
  return deps.db.transaction(async (tx) => {
    if (attempt.delivered) {
      const marked = await markWebhookDelivered(tx, claim, attempt);
      return { marked, disabled: false };
    }
    const failed = await markWebhookAttemptFailed(tx, claim, {
      ...attempt,
      error: attempt.error ?? 'failed',
      ...schedule,
    });
    if (!failed.enabled || !webhookBreakerTrips(failed.failingSince, attempt.at)) {
      return { marked: failed.marked, disabled: false };
    }
    const endpoint = await updateWebhookEndpoint(tx, claim.endpointId, {
      enabled: false,
      disabledReason: 'failing',
      now: attempt.at,
    });
    const dropped = await failPendingWebhookDeliveries(
      tx,
      claim.endpointId,
      'endpoint disabled after failing for the whole retry period',
    );
    await appendAuditEvent(tx, {
      at: attempt.at,
      staffId: SYSTEM_STAFF_ID,
      action: 'webhook.auto_disable',
      outcome: 'succeeded',
      details: {
        endpointId: claim.endpointId,
        url: urlForAudit(endpoint?.url ?? claim.url),
        failingSince: failed.failingSince,
        lastError: attempt.error,
        lastStatusCode: attempt.statusCode,
        pendingDeliveriesFailed: dropped,
      },
    });
    await insertWebhookAlert(tx, {
      endpointId: claim.endpointId,
      raisedAt: attempt.at,
      until: attempt.at + DISABLED_ALERT_DAYS * DAY,
    });
    return { marked: failed.marked, disabled: true };
  });
}
