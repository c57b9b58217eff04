import { HOUR } from '@lifeline/domain';
import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { tables } from '../tables.ts';

/**
 * Failed verifications in the hour before the alert was raised: what tripped the lock
 * (per account) or the throttle (per staff member). Counted by index, never loaded. PostgreSQL's
 * count is a bigint, read back as a string: mapped to a number.
 */
const failuresOf = ({ alerts, verifications }: Schema) =>
  sql<number>`(
  SELECT count(*) FROM ${verifications}
  WHERE ${verifications.outcome} = 'failed'
    AND ${verifications.createdAt} > ${alerts.raisedAt} - ${HOUR}
    AND ${verifications.createdAt} <= ${alerts.raisedAt}
    AND (
      (${alerts.kind} = 'verification_locked' AND ${verifications.accountId} = ${alerts.accountId})
      OR (${alerts.kind} = 'staff_throttled' AND ${verifications.staffId} = ${alerts.staffId})
    )
)`.mapWith(Number);

const ownerIdentifierOf = ({ alerts, logins }: Schema) => sql<string | null>`(
  SELECT ${logins.identifier} FROM ${logins}
  WHERE ${logins.accountId} = ${alerts.accountId}
    AND ${logins.role} = 'owner' AND ${logins.removedAt} IS NULL
  ORDER BY ${logins.createdAt} LIMIT 1
)`;

/** Alerts newest first; only those still in force unless `includeExpired`. */
export async function listAlerts(
  db: Db,
  options: {
    now: number;
    includeExpired: boolean;
    limit: number;
    /** Alerts about webhook endpoints, for those who manage them (admins). */
    includeWebhooks?: boolean;
  },
) {
  const schema = tables(db);
  const { alerts, staff, webhookEndpoints } = schema;
  return await db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      raisedAt: alerts.raisedAt,
      until: alerts.until,
      accountId: alerts.accountId,
      ownerIdentifier: ownerIdentifierOf(schema),
      staffId: alerts.staffId,
      staffEmail: staff.email,
      staffName: staff.displayName,
      acknowledgedAt: alerts.acknowledgedAt,
      failures: failuresOf(schema),
      webhookEndpointId: alerts.webhookEndpointId,
      webhookEndpointUrl: webhookEndpoints.url,
    })
    .from(alerts)
    .leftJoin(staff, eq(staff.id, alerts.staffId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, alerts.webhookEndpointId))
    .where(
      and(
        options.includeExpired ? undefined : gt(alerts.until, options.now),
        options.includeWebhooks ? undefined : ne(alerts.kind, 'webhook_endpoint_disabled'),
      ),
    )
    .orderBy(desc(alerts.raisedAt), desc(alerts.id))
    .limit(options.limit);
}
