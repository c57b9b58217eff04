import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { tables } from '../tables.ts';

export const HEALTH_CHECK_NAMES = ['integrity', 'audit_chain'] as const;
export type HealthCheckName = (typeof HEALTH_CHECK_NAMES)[number];

export interface HealthCheckResult {
  name: HealthCheckName;
  checkedAt: number;
  ok: boolean;
  detail: Record<string, unknown>;
}

/** Keeps the latest result of a slow check; each run replaces the one before. */
export async function recordHealthCheck(tx: Db, result: HealthCheckResult): Promise<void> {
  const { healthChecks } = tables(tx);
  const row = { ...result, detail: JSON.stringify(result.detail) };
  await tx
    .insert(healthChecks)
    .values(row)
    .onConflictDoUpdate({
      target: healthChecks.name,
      set: {
        checkedAt: sql`excluded.checked_at`,
        ok: sql`excluded.ok`,
        detail: sql`excluded.detail`,
      },
    });
}

export async function listHealthChecks(db: Db): Promise<HealthCheckResult[]> {
  const { healthChecks } = tables(db);
  const rows = await db.select().from(healthChecks);
  return rows.flatMap((row) => {
    const name = HEALTH_CHECK_NAMES.find((n) => n === row.name);
    if (!name) return [];
    let detail: Record<string, unknown> = {};
    try {
      detail = JSON.parse(row.detail) as Record<string, unknown>;
    } catch {
      detail = { unreadable: true };
    }
    return [{ name, checkedAt: row.checkedAt, ok: row.ok, detail }];
  });
}
