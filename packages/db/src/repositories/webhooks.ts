import type { WebhookDeliveryStatus, WebhookEventType } from '@lifeline/domain';
import { and, asc, desc, eq, inArray, lt, lte, notExists, or, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { newId } from '../ids.ts';
import { engineOf, firstOrNull, tables } from '../tables.ts';
import { parseEventTypes } from '../webhook-outbox.ts';

// Data access of webhooks (issue 14): endpoints an admin registers, the delivery log, and the
// sender's claims. Events themselves are written by webhook-outbox.ts, beside audit events.

/** An endpoint as the console sees it: never a secret. */
const endpointColumns = ({ webhookEndpoints: e }: Schema) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  failingSince: e.failingSince,
  createdAt: e.createdAt,
  previousSecretUntil: e.previousSecretUntil,
});

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: 'admin' | 'failing' | null;
  failingSince: number | null;
  createdAt: number;
  previousSecretUntil: number | null;
}

function endpointOf(row: Omit<WebhookEndpointRow, 'eventTypes'> & { eventTypes: string }) {
  return { ...row, eventTypes: parseEventTypes(row.eventTypes) };
}

export async function insertWebhookEndpoint(
  tx: Db,
  input: {
    url: string;
    description: string;
    eventTypes: readonly WebhookEventType[];
    secret: string;
    createdBy: string;
    now: number;
  },
): Promise<WebhookEndpointRow> {
  const schema = tables(tx);
  const [row] = await tx
    .insert(schema.webhookEndpoints)
    .values({
      id: newId('whe'),
      url: input.url,
      description: input.description,
      eventTypes: JSON.stringify(input.eventTypes),
      enabled: true,
      secret: input.secret,
      createdAt: input.now,
      createdBy: input.createdBy,
      updatedAt: input.now,
    })
    .returning(endpointColumns(schema));
  if (!row) throw new Error('the endpoint was not inserted');
  return endpointOf(row);
}

export async function findWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpointRow | null> {
  const schema = tables(db);
  const row = firstOrNull(
    await db
      .select(endpointColumns(schema))
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.id, id))
      .limit(1),
  );
  return row ? endpointOf(row) : null;
}

/** Every endpoint, oldest first, each with its newest delivery (by the endpoint's index). */
export async function listWebhookEndpoints(db: Db) {
  const schema = tables(db);
  const { webhookEndpoints, webhookDeliveries: d } = schema;
  const rows = await db
    .select(endpointColumns(schema))
    .from(webhookEndpoints)
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return await Promise.all(
    rows.map(async (row) => {
      const last = firstOrNull(
        await db
          .select({
            status: d.status,
            statusCode: d.lastStatusCode,
            at: sql<number>`coalesce(${d.lastAttemptAt}, ${d.createdAt})`.mapWith(Number),
          })
          .from(d)
          .where(eq(d.endpointId, row.id))
          .orderBy(desc(d.createdAt), desc(d.id))
          .limit(1),
      );
      return { ...endpointOf(row), lastDelivery: last };
    }),
  );
}

export async function updateWebhookEndpoint(
  tx: Db,
  id: string,
  patch: {
    enabled?: boolean;
    disabledReason?: 'admin' | 'failing' | null;
    failingSince?: number | null;
    eventTypes?: readonly WebhookEventType[];
    description?: string;
    now: number;
  },
): Promise<WebhookEndpointRow | null> {
  const schema = tables(tx);
  const { now, eventTypes, ...rest } = patch;
  const [row] = await tx
    .update(schema.webhookEndpoints)
    .set({
      ...rest,
      ...(eventTypes ? { eventTypes: JSON.stringify(eventTypes) } : {}),
      updatedAt: now,
    })
    .where(eq(schema.webhookEndpoints.id, id))
    .returning(endpointColumns(schema));
  return row ? endpointOf(row) : null;
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export async function findWebhookSecrets(db: Db, id: string) {
  const { webhookEndpoints: e } = tables(db);
  return firstOrNull(
    await db
      .select({
        secret: e.secret,
        previousSecret: e.previousSecret,
        previousSecretUntil: e.previousSecretUntil,
      })
      .from(e)
      .where(eq(e.id, id))
      .limit(1),
  );
}

export async function rotateWebhookSecret(
  tx: Db,
  id: string,
  input: { secret: string; previousSecret: string; previousSecretUntil: number; now: number },
): Promise<void> {
  const { webhookEndpoints: e } = tables(tx);
  await tx
    .update(e)
    .set({
      secret: input.secret,
      previousSecret: input.previousSecret,
      previousSecretUntil: input.previousSecretUntil,
      updatedAt: input.now,
    })
    .where(eq(e.id, id));
}

/**
 * A disabled endpoint gets nothing more: its pending deliveries end as failed (an admin can
 * replay them from the log), so none waits for ever and the log can be pruned.
 */
export async function failPendingWebhookDeliveries(
  tx: Db,
  endpointId: string,
  reason: string,
): Promise<number> {
  const { webhookDeliveries: d } = tables(tx);
  const failed = await tx
    .update(d)
    .set({ status: 'failed', lastError: reason })
    .where(and(eq(d.endpointId, endpointId), eq(d.status, 'pending')))
    .returning({ id: d.id });
  return failed.length;
}

export async function insertWebhookAlert(
  tx: Db,
  row: { endpointId: string; raisedAt: number; until: number },
): Promise<string> {
  const { alerts } = tables(tx);
  const id = newId('alr');
  await tx.insert(alerts).values({
    id,
    kind: 'webhook_endpoint_disabled',
    webhookEndpointId: row.endpointId,
    raisedAt: row.raisedAt,
    until: row.until,
  });
  return id;
}

/** Re-enabled: the endpoint's alerts still in force end now. */
export async function endWebhookAlerts(tx: Db, endpointId: string, now: number): Promise<void> {
  const { alerts } = tables(tx);
  await tx
    .update(alerts)
    .set({ until: now })
    .where(
      and(
        eq(alerts.kind, 'webhook_endpoint_disabled'),
        eq(alerts.webhookEndpointId, endpointId),
        sql`${alerts.until} > ${now}`,
      ),
    );
}

export interface WebhookDeliveryRow {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  endpointId: string;
  endpointUrl: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  createdAt: number;
  replayOf: string | null;
}

/** The delivery log, newest first, a keyset page after `before` (createdAt, id). */
export async function listWebhookDeliveries(
  db: Db,
  options: {
    endpointId?: string | undefined;
    status?: WebhookDeliveryStatus | undefined;
    before?: { createdAt: number; id: string } | undefined;
    limit: number;
  },
): Promise<WebhookDeliveryRow[]> {
  const { webhookDeliveries: d, webhookEvents: ev, webhookEndpoints: e } = tables(db);
  const { before } = options;
  const rows = await db
    .select({
      id: d.id,
      eventId: d.eventId,
      eventType: ev.type,
      endpointId: d.endpointId,
      endpointUrl: e.url,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      lastDurationMs: d.lastDurationMs,
      lastAttemptAt: d.lastAttemptAt,
      nextAttemptAt: d.nextAttemptAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
      replayOf: d.replayOf,
    })
    .from(d)
    .innerJoin(ev, eq(ev.id, d.eventId))
    .innerJoin(e, eq(e.id, d.endpointId))
    .where(
      and(
        options.endpointId ? eq(d.endpointId, options.endpointId) : undefined,
        options.status ? eq(d.status, options.status) : undefined,
        before
          ? or(
              lt(d.createdAt, before.createdAt),
              and(eq(d.createdAt, before.createdAt), lt(d.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(options.limit);
  // While pending, nextAttemptAt is the next try (or a sender's lease); after, it means nothing.
  return rows.map((row) => ({
    ...row,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
  }));
}

export async function findWebhookDelivery(db: Db, id: string) {
  const { webhookDeliveries: d } = tables(db);
  return firstOrNull(
    await db
      .select({ id: d.id, eventId: d.eventId, endpointId: d.endpointId })
      .from(d)
      .where(eq(d.id, id))
      .limit(1),
  );
}

/** A new delivery of an event already sent (a replay, or a test event): due at once. */
export async function insertWebhookDelivery(
  tx: Db,
  input: { eventId: string; endpointId: string; replayOf: string | null; now: number },
): Promise<string> {
  const { webhookDeliveries } = tables(tx);
  const id = newId('whd');
  await tx.insert(webhookDeliveries).values({
    id,
    eventId: input.eventId,
    endpointId: input.endpointId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: input.now,
    createdAt: input.now,
    replayOf: input.replayOf,
  });
  return id;
}

/**
 * Whether any delivery is due: read on committed data before a pass takes the write lock, so
 * an idle sender (every server runs one, every few seconds) never takes it for nothing.
 */
export async function hasDueWebhookDeliveries(db: Db, now: number): Promise<boolean> {
  const { webhookDeliveries: d } = tables(db);
  const rows = await db
    .select({ id: d.id })
    .from(d)
    .where(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now)))
    // In the order of the (status, next_attempt_at) index, as the claim reads: the planner walks
    // it rather than the table, whatever share of the log is pending.
    .orderBy(asc(d.nextAttemptAt))
    .limit(1);
  return rows.length > 0;
}

/** What the sender needs for one claimed delivery. */
export interface ClaimedWebhookDelivery {
  id: string;
  eventId: string;
  endpointId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: number | null;
  payload: string;
  attempts: number;
  leaseUntil: number;
}

/** PostgreSQL's row-locking clause on a select; SQLite's builder has none. */
interface LockableSelect<Row> {
  for(strength: 'update', config: { of: unknown; skipLocked: true }): PromiseLike<Row[]>;
}

/**
 * Claims up to `limit` due pending deliveries to enabled endpoints, oldest due first, by
 * pushing their nextAttemptAt to `leaseUntil` (the outbox's way, jobs.ts): run it in one
 * transaction, and another sender — in this process or another server — sees them as not due
 * until the lease runs out. On PostgreSQL the claimed rows are locked and others' skipped.
 */
export async function claimDueWebhookDeliveries(
  tx: Db,
  input: { now: number; leaseUntil: number; limit: number },
): Promise<ClaimedWebhookDelivery[]> {
  const { webhookDeliveries: d, webhookEndpoints: e, webhookEvents: ev } = tables(tx);
  const due = tx
    .select({
      id: d.id,
      eventId: d.eventId,
      endpointId: d.endpointId,
      url: e.url,
      secret: e.secret,
      previousSecret: e.previousSecret,
      previousSecretUntil: e.previousSecretUntil,
      payload: ev.payload,
      attempts: d.attempts,
    })
    .from(d)
    .innerJoin(e, eq(e.id, d.endpointId))
    .innerJoin(ev, eq(ev.id, d.eventId))
    .where(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, input.now), eq(e.enabled, true)))
    .orderBy(asc(d.nextAttemptAt), asc(d.id))
    .limit(input.limit);
  const rows =
    engineOf(tx) === 'postgres'
      ? await (due as unknown as LockableSelect<Awaited<typeof due>[number]>).for('update', {
          of: d,
          skipLocked: true,
        })
      : await due;
  if (rows.length === 0) return [];
  await tx
    .update(d)
    .set({ nextAttemptAt: input.leaseUntil })
    .where(
      inArray(
        d.id,
        rows.map((row) => row.id),
      ),
    );
  return rows.map((row) => ({ ...row, leaseUntil: input.leaseUntil }));
}

/** The claim still holds: pending, same attempt count, our lease. Else another sender took it. */
function stillClaimed(
  { webhookDeliveries: d }: Schema,
  claim: Pick<ClaimedWebhookDelivery, 'id' | 'attempts' | 'leaseUntil'>,
) {
  return and(
    eq(d.id, claim.id),
    eq(d.status, 'pending'),
    eq(d.attempts, claim.attempts),
    eq(d.nextAttemptAt, claim.leaseUntil),
  );
}

export interface AttemptRecord {
  at: number;
  statusCode: number | null;
  durationMs: number;
}

/** Delivered: the endpoint's failure streak ends (the circuit breaker resets). */
export async function markWebhookDelivered(
  tx: Db,
  claim: Pick<ClaimedWebhookDelivery, 'id' | 'attempts' | 'leaseUntil' | 'endpointId'>,
  attempt: AttemptRecord,
): Promise<boolean> {
  const schema = tables(tx);
  const { webhookDeliveries: d, webhookEndpoints: e } = schema;
  const marked = await tx
    .update(d)
    .set({
      status: 'succeeded',
      attempts: claim.attempts + 1,
      lastAttemptAt: attempt.at,
      lastStatusCode: attempt.statusCode,
      lastError: null,
      lastDurationMs: attempt.durationMs,
      deliveredAt: attempt.at,
    })
    .where(stillClaimed(schema, claim))
    .returning({ id: d.id });
  await tx.update(e).set({ failingSince: null }).where(eq(e.id, claim.endpointId));
  return marked.length === 1;
}

/**
 * A failed attempt: retried at `nextAttemptAt` or given up. The endpoint's failure streak starts
 * now unless it is already running; returns the endpoint as the breaker needs it.
 */
export async function markWebhookAttemptFailed(
  tx: Db,
  claim: Pick<ClaimedWebhookDelivery, 'id' | 'attempts' | 'leaseUntil' | 'endpointId'>,
  attempt: AttemptRecord & { error: string; nextAttemptAt: number; giveUp: boolean },
): Promise<{ marked: boolean; enabled: boolean; failingSince: number | null }> {
  const schema = tables(tx);
  const { webhookDeliveries: d, webhookEndpoints: e } = schema;
  const marked = await tx
    .update(d)
    .set({
      status: attempt.giveUp ? 'failed' : 'pending',
      attempts: claim.attempts + 1,
      lastAttemptAt: attempt.at,
      lastStatusCode: attempt.statusCode,
      lastError: attempt.error,
      lastDurationMs: attempt.durationMs,
      nextAttemptAt: attempt.nextAttemptAt,
    })
    .where(stillClaimed(schema, claim))
    .returning({ id: d.id });
  const [endpoint] = await tx
    .update(e)
    .set({ failingSince: sql`coalesce(${e.failingSince}, ${attempt.at})` })
    .where(eq(e.id, claim.endpointId))
    .returning({ enabled: e.enabled, failingSince: e.failingSince });
  return {
    marked: marked.length === 1,
    enabled: endpoint?.enabled ?? false,
    failingSince: endpoint?.failingSince ?? null,
  };
}

/**
 * Deletes at most `limit` events older than `before` whose deliveries are all settled and old,
 * with those deliveries: the delivery log keeps a retention period, not for ever.
 */
export async function pruneWebhookLog(
  tx: Db,
  before: number,
  limit: number,
): Promise<{ deleted: number; more: boolean }> {
  const { webhookDeliveries: d, webhookEvents: ev } = tables(tx);
  const live = tx
    .select({ one: sql`1` })
    .from(d)
    .where(
      and(eq(d.eventId, ev.id), or(eq(d.status, 'pending'), sql`${d.createdAt} >= ${before}`)),
    );
  const old = await tx
    .select({ id: ev.id })
    .from(ev)
    .where(and(lt(ev.createdAt, before), notExists(live)))
    .orderBy(asc(ev.createdAt))
    .limit(limit);
  if (old.length === 0) return { deleted: 0, more: false };
  const ids = old.map((row) => row.id);
  const deliveries = await tx.delete(d).where(inArray(d.eventId, ids)).returning({ id: d.id });
  await tx.delete(ev).where(inArray(ev.id, ids));
  return { deleted: deliveries.length + ids.length, more: old.length === limit };
}
