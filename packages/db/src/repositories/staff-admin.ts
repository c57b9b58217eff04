import type { StaffRole } from '@lifeline/domain';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';
import { staffColumnsOf } from './staff.ts';

/** Every staff member, enabled ones first, by email. Never the password hash. */
export async function listStaffMembers(db: Db) {
  const schema = tables(db);
  const { staff } = schema;
  // NULLS FIRST spelled out: PostgreSQL sorts nulls last in ascending order, SQLite first.
  return await db
    .select(staffColumnsOf(schema))
    .from(staff)
    .orderBy(sql`${staff.disabledAt} ASC NULLS FIRST`, asc(staff.email));
}

/** Admins who can still sign in: the ones that keep the console manageable. */
export async function countEnabledAdmins(db: Db): Promise<number> {
  const { staff } = tables(db);
  const row = firstOrNull(
    await db
      .select({ n: count() })
      .from(staff)
      .where(and(eq(staff.role, 'admin'), isNull(staff.disabledAt))),
  );
  return row?.n ?? 0;
}

export async function updateStaffRole(tx: Db, staffId: string, role: StaffRole): Promise<void> {
  const { staff } = tables(tx);
  await tx.update(staff).set({ role }).where(eq(staff.id, staffId));
}

export async function markStaffDisabled(tx: Db, staffId: string, now: number): Promise<void> {
  const { staff } = tables(tx);
  await tx
    .update(staff)
    .set({ disabledAt: now })
    .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)));
}
