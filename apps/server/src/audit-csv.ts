import {
  type ApiDeps,
  type AuditListItem,
  readAuditPage,
  requireStepUp,
  resolveSession,
  type StepUpRecord,
  scopeAuditFilters,
} from '@lifeline/api';
import { auditCsvQueryInput } from '@lifeline/api/schemas';
import { can, isDomainError, ticketUrl } from '@lifeline/domain';
import type { Request, Response } from 'express';
import { refuseRequest } from './http-guards.ts';

/** Rows fetched per keyset page: memory stays flat however long the export is. */
const PAGE_SIZE = 500;

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'staffId',
  'staffName',
  'action',
  'outcome',
  'reason',
  'accountId',
  'loginId',
  'ticketRef',
  'verificationId',
  'details',
] as const;

/**
 * Every place a spreadsheet may start a cell inside one field: its start and, in a locale whose
 * list separator is `;` (French, German…), after each `;` and line break, since such a locale
 * splits a comma-separated row there, quotes or not. A cell whose text, past blanks and quotes,
 * starts with = + - @ (or a tab or CR) would run as a formula.
 */
const FORMULA_AT_CELL_START = /(^|;|\r\n|\r|\n)(?=[ \t"]*[=+\-@\t\r])/g;

/**
 * One RFC 4180 field. Ticket refs and notes are free text typed by people: each place a
 * formula could start gets an apostrophe (the spreadsheet's "this is text"), and a field with
 * a `;` is quoted as well as one with a comma, quote or line break.
 */
export function csvField(value: string | number | null): string {
  const text = (value === null ? '' : String(value)).replace(FORMULA_AT_CELL_START, "$1'");
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The columns of this export: with TICKET_URL_TEMPLATE set, the help desk's link for each
 * ticket follows the ticket (SPEC §16); without, the file keeps the shape it always had.
 */
export function auditCsvColumns(ticketUrlTemplate: string | undefined): readonly string[] {
  if (!ticketUrlTemplate) return AUDIT_CSV_COLUMNS;
  const at = AUDIT_CSV_COLUMNS.indexOf('ticketRef') + 1;
  return [...AUDIT_CSV_COLUMNS.slice(0, at), 'ticketUrl', ...AUDIT_CSV_COLUMNS.slice(at)];
}

function csvRow(item: AuditListItem, ticketUrlTemplate: string | undefined): string {
  const cells: Record<string, string | number | null> = {
    id: item.id,
    at: new Date(item.at).toISOString(),
    staffId: item.staffId,
    staffName: item.staffName,
    action: item.action,
    outcome: item.outcome,
    reason: item.reason,
    accountId: item.accountId,
    loginId: item.loginId,
    ticketRef: item.ticketRef,
    verificationId: item.verificationId,
    details: JSON.stringify(item.details),
    // Built from the admin's template and an encoded reference: csvField still guards it.
    ticketUrl: item.ticketRef === null ? null : ticketUrl(ticketUrlTemplate, item.ticketRef),
  };
  const columns = auditCsvColumns(ticketUrlTemplate);
  return `${columns.map((column) => csvField(cells[column] ?? null)).join(',')}\r\n`;
}

/** Resolves when the socket wants more, or is gone (then the caller stops writing). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `GET /api/audit.csv` (SPEC §8): the `audit.list` filters from the query string, streamed
 * page by page (keyset on id, newest first). Agents get their own events only, as in the list.
 */
export function auditCsvHandler(deps: ApiDeps, sessionIdOf: (req: Request) => string | undefined) {
  return async (req: Request, res: Response) => {
    const staff = await resolveSession(deps, sessionIdOf(req));
    if (!staff) return refuseRequest(res, 'UNAUTHENTICATED', 'Sign in to continue.');
    // A sign-in still owing its second factor is no session yet (SPEC §13), here as in tRPC.
    if (staff.secondFactor?.pending) {
      return refuseRequest(res, 'UNAUTHENTICATED', 'Finish signing in: pass your second factor.');
    }
    if (!can(staff.role, 'audit.readOwn')) {
      return refuseRequest(res, 'FORBIDDEN_ROLE', `The ${staff.role} role may not do this.`);
    }
    // Exporting the audit log is a sensitive action (SPEC §13): a fresh step-up first.
    let stepUp: StepUpRecord;
    try {
      stepUp = await requireStepUp(deps, deps.db.read, staff, deps.clock());
    } catch (error) {
      if (isDomainError(error)) return refuseRequest(res, error.reason, error.message);
      throw error;
    }
    const parsed = auditCsvQueryInput.safeParse(req.query);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
      return refuseRequest(res, 'INVALID_INPUT', `Invalid input: ${issues.join('; ')}`);
    }
    let filters: ReturnType<typeof scopeAuditFilters>;
    try {
      filters = scopeAuditFilters(staff, parsed.data);
    } catch (error) {
      if (isDomainError(error)) return refuseRequest(res, error.reason, error.message);
      throw error;
    }

    const day = new Date(deps.clock()).toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="lifeline-audit-${day}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    // The BOM makes spreadsheet apps read the file as UTF-8 (names and notes are not ASCII).
    res.write(`\uFEFF${auditCsvColumns(deps.ticketUrlTemplate).join(',')}\r\n`);

    let rows = 0;
    let beforeId: number | undefined;
    try {
      for (;;) {
        const page = await readAuditPage(deps, filters, { beforeId, limit: PAGE_SIZE });
        rows += page.items.length;
        if (
          page.items.length > 0 &&
          !res.write(page.items.map((item) => csvRow(item, deps.ticketUrlTemplate)).join(''))
        ) {
          await drained(res);
        }
        if (res.destroyed || page.nextBeforeId === null) break;
        beforeId = page.nextBeforeId;
      }
    } catch (error) {
      // The status line is gone already: cut the download so it cannot pass for a whole file.
      deps.logger.error({ requestId: res.locals.requestId, err: error }, 'audit export failed');
      res.destroy();
      return;
    }
    res.end();
    deps.logger.info(
      { requestId: res.locals.requestId, staffId: staff.id, route: 'audit.csv', rows, stepUp },
      'export',
    );
  };
}
