import type { StaffRole } from '@lifeline/domain';
import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { newId } from '../ids.ts';
import { staff } from '../schema/index.ts';

export const staffColumns = {
  id: staff.id,
  email: staff.email,
  displayName: staff.displayName,
  role: staff.role,
  createdAt: staff.createdAt,
  disabledAt: staff.disabledAt,
};

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: number;
}

export async function insertStaff(tx: Db, input: NewStaff) {
  const id = newId('stf');
  tx.insert(staff)
    .values({ id, ...input })
    .run();
  return { id, email: input.email, displayName: input.displayName, role: input.role };
}

export async function findStaffByEmail(db: Db, email: string) {
  return (
    db
      .select({ ...staffColumns, passwordHash: staff.passwordHash })
      .from(staff)
      .where(eq(staff.email, email))
      .get() ?? null
  );
}
