import type { AccountFacts } from '@lifeline/domain';
import type { accounts } from '../schema/index.ts';

/** An accounts row as the domain's rules read it (one mapping for every repository). */
export function accountFactsOf(row: typeof accounts.$inferSelect): AccountFacts {
  return {
    id: row.id,
    contactEmail: row.contactEmail,
    plan: row.plan,
    status: row.status,
    createdAt: row.createdAt,
    trialEndsAt: row.trialEndsAt,
    balanceCents: row.balanceCents,
    deactivatedAt: row.deactivatedAt,
    deactivationReason: row.deactivationReason,
    purgeAfter: row.purgeAfter,
    paymentFailedAt: row.paymentFailedAt,
    version: row.version,
    data: { contacts: row.contactsCount, lists: row.listsCount, campaigns: row.campaignsCount },
    displayName: row.displayName,
    timeZone: row.timeZone,
    language: row.language,
  };
}
