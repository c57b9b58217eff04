import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { idempotencyKeys } from '../schema/index.ts';

export async function findIdempotentResult(tx: Db, staffId: string, key: string) {
  return (
    tx
      .select({
        procedure: idempotencyKeys.procedure,
        requestHash: idempotencyKeys.requestHash,
        response: idempotencyKeys.response,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.staffId, staffId), eq(idempotencyKeys.key, key)))
      .get() ?? null
  );
}

export async function storeIdempotentResult(
  tx: Db,
  row: {
    staffId: string;
    key: string;
    procedure: string;
    requestHash: string;
    response: string;
    createdAt: number;
  },
): Promise<void> {
  tx.insert(idempotencyKeys).values(row).run();
}
