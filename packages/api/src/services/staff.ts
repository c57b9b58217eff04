import {
  appendAuditEvent,
  countEnabledAdmins,
  countFactorsOfStaff,
  type Db,
  findStaffByEmail,
  findStaffById,
  insertStaff,
  listStaffMembers,
  markStaffDisabled,
  revokeSessionsOfStaff,
  updateStaffRole,
} from '@lifeline/db';
import { DomainError, type StaffRole } from '@lifeline/domain';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { runChange } from './audited-change.ts';
import { normaliseStaffEmail, sessionPublicId } from './auth.ts';
import { hashPassword } from './passwords.ts';

/** Who acts; `stepUp` is set by the step-up check of a sensitive procedure, for its audit. */
type Actor = Pick<StaffPrincipal, 'id' | 'stepUp'>;

export interface NewStaffMember {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
}

export async function staffList(deps: ApiDeps) {
  const rows = await listStaffMembers(deps.db.read);
  return {
    items: await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        createdAt: row.createdAt,
        disabledAt: row.disabledAt,
        // How many second factors they have (the admin's reset button shows with any).
        factorCount: await countFactorsOfStaff(deps.db.read, row.id),
      })),
    ),
  };
}

/**
 * Inserts a staff member and its audit event in the caller's transaction. The password is
 * already hashed (argon2id, outside the write lock: hashing is the slow part). Shared by
 * `staff.create` and the `staff:create` CLI, which acts as 'cli'.
 */
export async function insertStaffMember(
  tx: Db,
  input: Omit<NewStaffMember, 'password'> & { passwordHash: string; breakGlass?: boolean },
  actor: { staffId: string; now: number },
) {
  const email = normaliseStaffEmail(input.email);
  // Break-glass is a way in when the identity provider is down: for someone who can repair
  // the console, an admin, and no one else.
  if (input.breakGlass && input.role !== 'admin') {
    throw new DomainError('INVALID_INPUT', 'Only an admin can be a break-glass account.');
  }
  if (await findStaffByEmail(tx, email)) {
    // INVALID_INPUT (SPEC §11 has no reason of its own for it) naming the field, so the
    // console marks the Email field instead of showing a generic refusal.
    throw new DomainError(
      'INVALID_INPUT',
      `A staff member with the email ${email} already exists.`,
      { field: 'email' },
    );
  }
  const created = await insertStaff(tx, {
    email,
    displayName: input.displayName.trim(),
    role: input.role,
    passwordHash: input.passwordHash,
    createdAt: actor.now,
    breakGlass: input.breakGlass === true,
  });
  await appendAuditEvent(tx, {
    at: actor.now,
    staffId: actor.staffId,
    action: 'staff.create',
    outcome: 'succeeded',
    details: {
      staffId: created.id,
      email: created.email,
      displayName: created.displayName,
      role: created.role,
      ...(input.breakGlass ? { breakGlass: true } : {}),
    },
  });
  return created;
}

export async function createStaff(deps: ApiDeps, staff: Actor, input: NewStaffMember) {
  const passwordHash = await hashPassword(input.password);
  const created = await runChange(
    deps,
    staff,
    {
      audit: 'staff.create',
      subject: { details: { email: normaliseStaffEmail(input.email), role: input.role } },
    },
    (tx, now) =>
      insertStaffMember(
        tx,
        { email: input.email, displayName: input.displayName, role: input.role, passwordHash },
        { staffId: staff.id, now },
      ),
  );
  return { staff: created };
}

async function loadTarget(tx: Db, staffId: string) {
  const target = await findStaffById(tx, staffId);
  if (!target) throw new DomainError('NOT_FOUND', 'There is no staff member with this id.');
  return target;
}

/** Someone must always be able to manage staff: the last enabled admin keeps the role. */
async function assertNotLastAdmin(tx: Db, target: { role: StaffRole; disabledAt: number | null }) {
  if (target.role !== 'admin' || target.disabledAt !== null) return;
  if ((await countEnabledAdmins(tx)) <= 1) {
    throw new DomainError(
      'INVALID_INPUT',
      'This is the last admin: make someone else an admin first.',
    );
  }
}

export async function setStaffRole(
  deps: ApiDeps,
  staff: Actor,
  input: { staffId: string; role: StaffRole },
) {
  return runChange(
    deps,
    staff,
    { audit: 'staff.set_role', subject: { details: { staffId: input.staffId, role: input.role } } },
    async (tx, now) => {
      const target = await loadTarget(tx, input.staffId);
      const result = {
        id: target.id,
        email: target.email,
        displayName: target.displayName,
        role: input.role,
        disabledAt: target.disabledAt,
      };
      if (target.role === input.role) return { staff: result, changed: false };
      if (input.role !== 'admin') await assertNotLastAdmin(tx, target);
      await updateStaffRole(tx, target.id, input.role);
      // Sessions read the role from the staff row on every request: the change applies at once.
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'staff.set_role',
        outcome: 'succeeded',
        details: {
          staffId: target.id,
          email: target.email,
          role: { before: target.role, after: input.role },
          stepUp: staff.stepUp ?? null,
        },
      });
      return { staff: result, changed: true };
    },
  );
}

export async function disableStaff(deps: ApiDeps, staff: Actor, input: { staffId: string }) {
  return runChange(
    deps,
    staff,
    { audit: 'staff.disable', subject: { details: { staffId: input.staffId } } },
    async (tx, now) => {
      if (input.staffId === staff.id) {
        throw new DomainError('INVALID_INPUT', 'You cannot disable your own account.');
      }
      const target = await loadTarget(tx, input.staffId);
      if (target.disabledAt !== null) {
        throw new DomainError('INVALID_INPUT', 'This staff member is already disabled.');
      }
      await assertNotLastAdmin(tx, target);
      await markStaffDisabled(tx, target.id, now);
      await revokeSessionsOfStaff(tx, target.id, now);
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'staff.disable',
        outcome: 'succeeded',
        details: {
          staffId: target.id,
          email: target.email,
          role: target.role,
          disabledAt: { before: null, after: now },
          stepUp: staff.stepUp ?? null,
        },
      });
      return {
        staff: {
          id: target.id,
          email: target.email,
          displayName: target.displayName,
          role: target.role,
          disabledAt: now,
        },
      };
    },
  );
}

/**
 * An admin ends every session of a staff member (a lost laptop, a shared screen): each is
 * revoked in the database, so the next request with any of them is refused by every server
 * process. Ending one's own signs oneself out too. The audit event names the sessions by their
 * public ids, never by what finds them.
 */
export async function endStaffSessions(
  deps: ApiDeps,
  staff: StaffPrincipal,
  input: { staffId: string },
) {
  return runChange(
    deps,
    staff,
    { audit: 'auth.logout', subject: { details: { staffId: input.staffId, ended: 'all' } } },
    async (tx, now) => {
      const target = await loadTarget(tx, input.staffId);
      const revoked = await revokeSessionsOfStaff(tx, target.id, now);
      await appendAuditEvent(tx, {
        at: now,
        staffId: staff.id,
        action: 'auth.logout',
        outcome: 'succeeded',
        details: {
          ended: 'all',
          staffId: target.id,
          email: target.email,
          sessions: revoked.map((idHash) => sessionPublicId(deps, idHash)),
        },
      });
      return {
        ended: revoked.length,
        signedOut: target.id === staff.id && revoked.includes(staff.sessionIdHash),
      };
    },
  );
}
