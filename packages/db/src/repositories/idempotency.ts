import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { firstOrNull, tables } from '../tables.ts';

export async function findIdempotentResult(tx: Db, staffId: string, key: string) {
  const { idempotencyKeys } = tables(tx);
  return firstOrNull(
    await tx
      .select({
        procedure: idempotencyKeys.procedure,
        requestHash: idempotencyKeys.requestHash,
        response: idempotencyKeys.response,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.staffId, staffId), eq(idempotencyKeys.key, key)))
      .limit(1),
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
  const { idempotencyKeys } = tables(tx);
  await tx.insert(idempotencyKeys).values(row);
}
