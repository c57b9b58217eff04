import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
} from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * tRPC queries (GET, single or batched) answered straight from Node's request and response.
 *
 * Why: the stock node-http adapter turns every call into a fetch `Request`, an AbortSignal
 * pair and a streamed `Response`; profiled at a million accounts that wrapping cost more than
 * the diagnosis itself (SPEC §14, bench/). This handler calls the same procedures through
 * tRPC's public `callTRPCProcedure`, with the same context, middlewares, error formatter and
 * transformer, and writes the same JSON envelope the tRPC client reads. Anything else
 * (mutations, unknown paths, a GET to a mutation, malformed batches) goes on to the stock
 * adapter, which stays the reference behaviour.
 *
 * The decision, and its price: it reads `router._def` (procedure types, the transformer) and
 * mirrors the adapter's envelope, so it is tied to the tRPC version pinned in package.json
 * (exact, not a range). It stays only with its parity test (test/trpc-queries.test.ts), which
 * answers the same calls through both paths and compares them response for response. Upgrading
 * tRPC: bump all @trpc packages together, run that test; if it fails, fix this file or drop it
 * (`fastQueries: false` in app.ts) — never ship the two paths disagreeing.
 */
export function trpcQueryHandler<TContext>(options: {
  router: AnyTRPCRouter;
  createContext: (req: Request, res: Response) => Promise<TContext>;
  /** Larger batches go on to the stock adapter, which refuses them (its maxBatchSize). */
  maxBatch: number;
}): RequestHandler {
  const { router } = options;
  const config = router._def._config;
  const procedures = router._def.procedures as Record<
    string,
    { _def: { type: string } } | undefined
  >;
  const isQuery = (path: string) => procedures[path]?._def.type === 'query';

  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    let paths: string[];
    try {
      paths = decodeURIComponent(req.path.slice(1)).split(',');
    } catch {
      return next(); // malformed percent-encoding: not a procedure path of ours
    }
    const batch = req.query.batch === '1';
    if (
      paths.length === 0 ||
      paths.length > options.maxBatch ||
      (!batch && paths.length > 1) ||
      !paths.every(isQuery)
    ) {
      return next();
    }

    let rawInputs: unknown[];
    try {
      const input =
        typeof req.query.input === 'string' ? (JSON.parse(req.query.input) as unknown) : undefined;
      rawInputs = batch
        ? paths.map((_, index) => (input as Record<string, unknown> | undefined)?.[String(index)])
        : [input];
    } catch {
      return next(); // malformed input: the stock adapter answers it the standard way
    }

    const ctx = await options.createContext(req, res);
    const items = await Promise.all(
      paths.map(async (path, index) => {
        const raw = rawInputs[index];
        try {
          const data = await callTRPCProcedure({
            router,
            path,
            type: 'query',
            ctx,
            // A superjson envelope that cannot be deserialised (bad meta, `__proto__` paths…) is
            // the caller's mistake: 400, as the stock adapter answers, not a 500.
            getRawInput: async () => {
              if (raw === undefined) return undefined;
              try {
                return config.transformer.input.deserialize(raw);
              } catch (cause) {
                throw new TRPCError({ code: 'BAD_REQUEST', cause });
              }
            },
            input: undefined,
            signal: undefined,
            batchIndex: index,
          });
          return {
            status: 200,
            body: { result: { data: config.transformer.output.serialize(data) } },
          };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          const shape = getTRPCErrorShape({ config, error, type: 'query', path, input: raw, ctx });
          return {
            status: getHTTPStatusCodeFromError(error),
            body: { error: config.transformer.output.serialize(shape) },
          };
        }
      }),
    );

    const statuses = new Set(items.map((item) => item.status));
    const status = statuses.size === 1 ? (items[0]?.status ?? 200) : 207;
    const body = JSON.stringify(batch ? items.map((item) => item.body) : items[0]?.body);
    res.status(status);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Vary', 'trpc-accept');
    res.end(body);
  };
}
