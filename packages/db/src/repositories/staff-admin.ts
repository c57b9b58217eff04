import type { StaffRole } from '@lifeline/domain';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { staff } from '../schema/index.ts';
import { staffColumns } from './staff.ts';

/** Every staff member, enabled ones first, by email. Never the password hash. */
export async function listStaffMembers(db: Db) {
  return db.select(staffColumns).from(staff).orderBy(asc(staff.disabledAt), asc(staff.email)).all();
}

/** Admins who can still sign in: the ones that keep the console manageable. */
export async function countEnabledAdmins(db: Db): Promise<number> {
  const row = db
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), isNull(staff.disabledAt)))
    .get();
  return row?.n ?? 0;
}

export async function updateStaffRole(tx: Db, staffId: string, role: StaffRole): Promise<void> {
  tx.update(staff).set({ role }).where(eq(staff.id, staffId)).run();
}

export async function markStaffDisabled(tx: Db, staffId: string, now: number): Promise<void> {
  tx.update(staff)
    .set({ disabledAt: now })
    .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)))
    .run();
}
