import { listAlerts } from '@lifeline/db';
import { can } from '@lifeline/domain';
import type { StaffPrincipal } from '../context.ts';
import type { ApiDeps } from '../deps.ts';

/** History is for a glance back, not an archive: the newest 200 are plenty for the page. */
export const ALERTS_LIMIT = 200;

/**
 * Lead alerts (SPEC §5): verification locks on accounts and throttled staff members, newest
 * first; only those still in force unless `includeExpired`. Admins also see webhook endpoints
 * the sender disabled after failing (issue 14): theirs to fix, so only theirs to see.
 */
export async function alertList(
  deps: ApiDeps,
  staff: Pick<StaffPrincipal, 'role'>,
  input: { includeExpired?: boolean | undefined },
) {
  const now = deps.clock();
  const rows = await listAlerts(deps.db.read, {
    now,
    includeExpired: input.includeExpired ?? false,
    limit: ALERTS_LIMIT,
    includeWebhooks: can(staff.role, 'webhooks.manage'),
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      raisedAt: row.raisedAt,
      until: row.until,
      active: row.until > now,
      failures: row.failures,
      acknowledgedAt: row.acknowledgedAt,
      account:
        row.kind === 'verification_locked' && row.accountId !== null
          ? { accountId: row.accountId, ownerIdentifier: row.ownerIdentifier }
          : null,
      staff:
        row.kind === 'staff_throttled' && row.staffId !== null
          ? { staffId: row.staffId, email: row.staffEmail, displayName: row.staffName }
          : null,
      webhookEndpoint:
        row.kind === 'webhook_endpoint_disabled' && row.webhookEndpointId !== null
          ? { endpointId: row.webhookEndpointId, url: row.webhookEndpointUrl }
          : null,
    })),
  };
}
