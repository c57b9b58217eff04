import { DomainError } from '@lifeline/domain';
import type { z } from 'zod';

/**
 * The one codec of keyset page cursors: a position as base64url JSON, opaque to clients and
 * checked against its zod shape when it comes back. A cursor is ours or it is refused.
 */
export function cursorCodec<Shape extends z.ZodType>(
  shape: Shape,
  refusal = 'This page link is not valid; start from the first page.',
) {
  return {
    encode(position: z.output<Shape>): string {
      return Buffer.from(JSON.stringify(position)).toString('base64url');
    },
    decode(cursor: string): z.output<Shape> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        parsed = undefined;
      }
      const result = shape.safeParse(parsed);
      if (!result.success) throw new DomainError('INVALID_INPUT', refusal);
      return result.data;
    },
  };
}
