import { listAuditEvents } from '@lifeline/db';
import { type AuditAction, can, DomainError } from '@lifeline/domain';
import { z } from 'zod';
import type { StaffPrincipal } from '../../context.ts';
import type { ApiDeps } from '../../deps.ts';
import { cursorCodec } from '../cursor.ts';

export const AUDIT_PAGE_DEFAULT = 50;

export interface AuditListFilters {
  staffId?: string | undefined;
  action?: AuditAction | undefined;
  accountId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface AuditListItem {
  id: number;
  at: number;
  staffId: string;
  staffName: string | null;
  action: AuditAction;
  outcome: string;
  reason: string | null;
  accountId: string | null;
  loginId: string | null;
  ticketRef: string | null;
  verificationId: string | null;
  details: Record<string, unknown>;
}

/** SPEC §7: agents see their own events whatever they ask for; leads and admins see all. */
export function scopeAuditFilters(
  staff: Pick<StaffPrincipal, 'id' | 'role'>,
  filters: AuditListFilters,
): AuditListFilters {
  const scoped = can(staff.role, 'audit.readAll') ? filters : { ...filters, staffId: staff.id };
  if (scoped.from !== undefined && scoped.to !== undefined && scoped.from >= scoped.to) {
    throw new DomainError('INVALID_INPUT', 'The start of the date range must be before its end.');
  }
  return scoped;
}

/** Keyset position: the id of the last event of the page (ids only grow). */
const auditCursor = cursorCodec(z.strictObject({ id: z.number().int().positive() }));

function parseDetails(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * One page of the log, newest first. Filters must already be scoped (`scopeAuditFilters`).
 * `beforeId` is the keyset position: ids only grow, so new events never shift a page.
 */
export async function readAuditPage(
  deps: ApiDeps,
  filters: AuditListFilters,
  page: { beforeId?: number | undefined; limit: number },
): Promise<{ items: AuditListItem[]; nextBeforeId: number | null }> {
  const rows = await listAuditEvents(deps.db.read, {
    ...definedOnly(filters),
    ...(page.beforeId !== undefined ? { beforeId: page.beforeId } : {}),
    limit: page.limit + 1,
  });
  const more = rows.length > page.limit;
  const items = rows
    .slice(0, page.limit)
    .map((row) => ({ ...row, details: parseDetails(row.details) }));
  const last = items.at(-1);
  return { items, nextBeforeId: more && last ? last.id : null };
}

export async function listAudit(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'id' | 'role'>,
  input: AuditListFilters & { cursor?: string | undefined; limit?: number | undefined },
): Promise<{ items: AuditListItem[]; nextCursor: string | null }> {
  const filters = scopeAuditFilters(staff, {
    staffId: input.staffId,
    action: input.action,
    accountId: input.accountId,
    from: input.from,
    to: input.to,
  });
  const page = await readAuditPage(deps, filters, {
    beforeId: input.cursor === undefined ? undefined : auditCursor.decode(input.cursor).id,
    limit: input.limit ?? AUDIT_PAGE_DEFAULT,
  });
  return {
    items: page.items,
    nextCursor: page.nextBeforeId === null ? null : auditCursor.encode({ id: page.nextBeforeId }),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
