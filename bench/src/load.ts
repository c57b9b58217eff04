// The load generator, run in its own process so it does not share the server's event loop:
// `node bench/src/load.ts <spec.json>` prints the autocannon result as JSON on stdout.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  /** 'diagnose' | 'search' | 'reactivate' | 'raw' */
  kind: 'diagnose' | 'search' | 'reactivate' | 'raw';
  connections: number;
  durationSeconds: number;
  cookie?: string;
  origin?: string;
  /** Identifiers for diagnose/raw (existing and missing), prefixes for search. */
  values: string[];
  /** For reactivate: one request body per account, used once each. */
  bodies?: string[];
}

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as LoadSpec;
let next = 0;
const pick = () => spec.values[Math.floor(Math.random() * spec.values.length)] ?? '';

function trpcQuery(path: string, input: unknown) {
  return `/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

const headers: Record<string, string> = {};
if (spec.cookie) headers.cookie = spec.cookie;
if (spec.origin) headers.origin = spec.origin;

const request: autocannon.Request =
  spec.kind === 'reactivate'
    ? {
        method: 'POST',
        path: '/trpc/actions.reactivate',
        headers: { ...headers, 'content-type': 'application/json' },
        setupRequest: (req) => {
          const body = spec.bodies?.[next++];
          // Once the pool is used up, keep the connection busy with a replay (idempotent).
          return { ...req, body: body ?? spec.bodies?.[0] ?? '{}' };
        },
      }
    : {
        method: 'GET',
        headers,
        setupRequest: (req) => {
          const value = pick();
          const path =
            spec.kind === 'diagnose'
              ? trpcQuery('accounts.diagnose', { identifier: value })
              : spec.kind === 'search'
                ? trpcQuery('accounts.search', { query: value, limit: 20 })
                : `/diagnose?identifier=${encodeURIComponent(value)}`;
          return { ...req, path };
        },
      };

const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  requests: [request],
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    totalRequests: result.requests.total,
    latency: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
