import type { LifelineDb } from '../client.ts';
import { tables } from '../tables.ts';
import type {
  AccountRow,
  BlockRow,
  BulkSeedWriter,
  ChargeRow,
  IdentityCheckRow,
  LoginRow,
  SeedWriter,
  TombstoneRow,
} from './writer.ts';

/**
 * PostgreSQL's bulk writer: a batch's rows are gathered as the seed writes them, then inserted
 * in one transaction as multi-row INSERTs, parents before children (the foreign keys), each
 * statement under PostgreSQL's 65,535 bound parameters.
 */
export function createPostgresBulkWriter(db: LifelineDb): BulkSeedWriter {
  return {
    async batch(fill) {
      const rows = {
        accounts: [] as (AccountRow & { version: number })[],
        logins: [] as LoginRow[],
        cards: [] as { accountId: string; brand: string; last4: string }[],
        billingAddresses: [] as {
          accountId: string;
          line1: string;
          postalCode: string;
          city: string;
          country: string;
        }[],
        charges: [] as ChargeRow[],
        blocks: [] as BlockRow[],
        identityChecks: [] as IdentityCheckRow[],
        tombstones: [] as Omit<TombstoneRow, 'identifierHashes'>[],
        tombstoneIdentifiers: [] as { identifierHash: string; accountId: string }[],
      };
      const write: SeedWriter = {
        account: (row) => rows.accounts.push({ ...row, version: 1 }),
        login: (row) => rows.logins.push(row),
        card: (accountId, brand, last4) => rows.cards.push({ accountId, brand, last4 }),
        address: (accountId, line1, postalCode, city, country) =>
          rows.billingAddresses.push({ accountId, line1, postalCode, city, country }),
        charge: (row) => rows.charges.push(row),
        block: (row) => rows.blocks.push(row),
        identityCheck: (row) => rows.identityChecks.push(row),
        tombstone: ({ identifierHashes, ...row }) => {
          rows.tombstones.push(row);
          for (const identifierHash of identifierHashes) {
            rows.tombstoneIdentifiers.push({ identifierHash, accountId: row.accountId });
          }
        },
      };
      fill(write);
      await db.transaction(async (tx) => {
        const t = tables(tx);
        // In the order the foreign keys need. The row shapes are the tables' own columns.
        const inserts: [keyof typeof rows, (typeof t)[keyof typeof t]][] = [
          ['accounts', t.accounts],
          ['logins', t.logins],
          ['cards', t.cards],
          ['billingAddresses', t.billingAddresses],
          ['charges', t.charges],
          ['blocks', t.blocks],
          ['identityChecks', t.identityChecks],
          ['tombstones', t.tombstones],
          ['tombstoneIdentifiers', t.tombstoneIdentifiers],
        ];
        for (const [name, table] of inserts) {
          const list = rows[name] as Record<string, unknown>[];
          const first = list[0];
          if (!first) continue;
          const perStatement = Math.max(1, Math.floor(60_000 / Object.keys(first).length));
          for (let start = 0; start < list.length; start += perStatement) {
            // The drizzle instance is the PostgreSQL one: its insert takes any of these tables.
            await (
              tx.insert(table as typeof t.accounts) as unknown as {
                values(values: Record<string, unknown>[]): Promise<unknown>;
              }
            ).values(list.slice(start, start + perStatement));
          }
        }
      });
    },
    async close() {},
  };
}
