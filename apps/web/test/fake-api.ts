import superjson from 'superjson';
import { vi } from 'vitest';

/** A refusal as the API sends it: tRPC code and status, SPEC §11 reason. */
export interface Refusal {
  refusal: { reason: string; code: number; httpStatus: number; message?: string };
}

export function refusal(reason: string, httpStatus = 403, message = reason): Refusal {
  const code = httpStatus === 401 ? -32001 : httpStatus === 429 ? -32029 : -32003;
  return { refusal: { reason, code, httpStatus, message } };
}

/**
 * The API as the console's batch link sees it, over a mocked fetch: each procedure of a batch
 * answered by `answer` (a value, a `refusal(...)`, or undefined for `{ ok: true }`). `calls`
 * keeps what was asked, in order, with its input.
 */
export function fakeApi(answer: (procedure: string, input: unknown) => unknown) {
  const calls: Array<{ procedure: string; input: unknown }> = [];
  const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (request, init) => {
    const url = new URL(String(request), 'http://console.test');
    const procedures = decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
    const body = (
      init?.body ? JSON.parse(String(init.body)) : JSON.parse(url.searchParams.get('input') ?? '{}')
    ) as Record<string, { json: unknown } | undefined>;
    const results = procedures.map((procedure, index) => {
      const input = body[String(index)]?.json;
      calls.push({ procedure, input });
      const answered = answer(procedure, input) ?? { ok: true };
      if (answered && typeof answered === 'object' && 'refusal' in answered) {
        const { reason, code, httpStatus, message } = (answered as Refusal).refusal;
        return {
          error: superjson.serialize({ message, code, data: { httpStatus, reason } }),
        };
      }
      return { result: { data: superjson.serialize(answered) } };
    });
    return new Response(JSON.stringify(results), {
      status: results.some((r) => 'error' in r) ? 207 : 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { calls, fetchSpy };
}
