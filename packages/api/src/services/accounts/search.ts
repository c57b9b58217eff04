import {
  type Db,
  findAccountHeader,
  findLiveLoginsOfAccount,
  findOwnerLoginsByContactEmail,
  findTombstoneById,
  type LoginKeyset,
  type LoginSearchRow,
  searchLoginsByPrefix,
} from '@lifeline/db';
import {
  type AccountStatus,
  type IdentifierKind,
  type LoginRole,
  normaliseIdentifier,
  type Plan,
} from '@lifeline/domain';
import { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import { accountIdInput, type searchInput } from '../../schemas.ts';
import { cursorCodec } from '../cursor.ts';

export const SEARCH_DEFAULT_LIMIT = 20;

export interface SearchItem {
  accountId: string;
  /** Null only for an account id with no live login (purged, or every login removed). */
  loginId: string | null;
  identifier: string | null;
  identifierKind: IdentifierKind | null;
  role: LoginRole | null;
  status: AccountStatus;
  plan: Plan | null;
  matchedBy: 'account_id' | 'identifier_prefix' | 'contact_email';
}

function itemOf(row: LoginSearchRow, matchedBy: SearchItem['matchedBy']): SearchItem {
  return {
    accountId: row.accountId,
    loginId: row.loginId,
    identifier: row.identifier,
    identifierKind: row.identifierKind,
    role: row.role,
    status: row.status,
    plan: row.plan,
    matchedBy,
  };
}

/** Where the next page starts, tied to the query it was made for. */
function searchCursor(query: string) {
  return cursorCodec(
    z.strictObject({ q: z.literal(query), i: z.string(), a: z.string() }),
    'This page of results is no longer valid; search again.',
  );
}

async function searchByAccountId(db: Db, accountId: string, limit: number) {
  const rows = await findLiveLoginsOfAccount(db, accountId);
  if (rows.length > 0) return rows.slice(0, limit).map((row) => itemOf(row, 'account_id'));
  const account = await findAccountHeader(db, accountId);
  const bare = { loginId: null, identifier: null, identifierKind: null, role: null };
  if (account) {
    return [
      {
        accountId,
        ...bare,
        status: account.status,
        plan: account.plan,
        matchedBy: 'account_id' as const,
      },
    ];
  }
  const tombstone = await findTombstoneById(db, accountId);
  if (tombstone) {
    return [
      {
        accountId,
        ...bare,
        status: 'purged' as const,
        plan: null,
        matchedBy: 'account_id' as const,
      },
    ];
  }
  return null;
}

/**
 * An account id finds that account; anything else is an identifier prefix, scanned on the
 * logins index with keyset paging. The first page also carries the owners of accounts whose
 * contact email is exactly the query (a username account is found by its email that way).
 */
export async function searchAccounts(
  deps: ApiDeps,
  input: z.infer<typeof searchInput>,
): Promise<{ items: SearchItem[]; nextCursor: string | null }> {
  const db = deps.db.read;
  const query = normaliseIdentifier(input.query);
  const limit = input.limit ?? SEARCH_DEFAULT_LIMIT;
  const cursor = searchCursor(query);
  const decoded = input.cursor === undefined ? null : cursor.decode(input.cursor);
  const after: LoginKeyset | null = decoded && { identifier: decoded.i, accountId: decoded.a };

  if (after === null && accountIdInput.safeParse(query).success) {
    const items = await searchByAccountId(db, query, limit);
    // Not an account: a username may look like one, so it is searched as a prefix below.
    if (items !== null) return { items, nextCursor: null };
  }

  const items: SearchItem[] = [];
  if (after === null) {
    const byContact = await findOwnerLoginsByContactEmail(db, query, limit);
    for (const row of byContact) {
      // Logins that start with the query come from the prefix scan, in their place.
      if (!row.identifier.startsWith(query)) items.push(itemOf(row, 'contact_email'));
    }
  }
  const room = limit - items.length;
  const rows = await searchLoginsByPrefix(db, query, after, room + 1);
  const page = rows.slice(0, room);
  for (const row of page) items.push(itemOf(row, 'identifier_prefix'));
  const last = page.at(-1);
  const resumeAfter: LoginKeyset = last
    ? { identifier: last.identifier, accountId: last.accountId }
    : (after ?? { identifier: '', accountId: '' });
  return {
    items,
    nextCursor:
      rows.length > room
        ? cursor.encode({ q: query, i: resumeAfter.identifier, a: resumeAfter.accountId })
        : null,
  };
}
