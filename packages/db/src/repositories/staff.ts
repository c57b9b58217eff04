import type { StaffRole } from '@lifeline/domain';
import { eq } from 'drizzle-orm';
import type { Db, Schema } from '../client.ts';
import { newId } from '../ids.ts';
import { firstOrNull, tables } from '../tables.ts';

/** A staff member's public columns: never the password hash. */
export const staffColumnsOf = ({ staff }: Schema) => ({
  id: staff.id,
  email: staff.email,
  displayName: staff.displayName,
  role: staff.role,
  createdAt: staff.createdAt,
  disabledAt: staff.disabledAt,
  breakGlass: staff.breakGlass,
});

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  /** argon2id; '' for a staff member made by single sign-on, who has no password. */
  passwordHash: string;
  createdAt: number;
  breakGlass?: boolean;
}

export async function insertStaff(tx: Db, input: NewStaff) {
  const { staff } = tables(tx);
  const id = newId('stf');
  await tx.insert(staff).values({ id, ...input });
  return { id, email: input.email, displayName: input.displayName, role: input.role };
}

export async function findStaffByEmail(db: Db, email: string) {
  const schema = tables(db);
  const { staff } = schema;
  return firstOrNull(
    await db
      .select({ ...staffColumnsOf(schema), passwordHash: staff.passwordHash })
      .from(staff)
      .where(eq(staff.email, email))
      .limit(1),
  );
}
