import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { healthChecks } from '../schema/index.ts';

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
  const row = { ...result, detail: JSON.stringify(result.detail) };
  tx.insert(healthChecks)
    .values(row)
    .onConflictDoUpdate({
      target: healthChecks.name,
      set: {
        checkedAt: sql`excluded.checked_at`,
        ok: sql`excluded.ok`,
        detail: sql`excluded.detail`,
      },
    })
    .run();
}

export async function listHealthChecks(db: Db): Promise<HealthCheckResult[]> {
  return db
    .select()
    .from(healthChecks)
    .all()
    .flatMap((row) => {
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
