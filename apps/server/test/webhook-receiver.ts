import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as a receiver saw it. */
export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's clock when it arrived (real time). */
  at: number;
}

/** What the receiver does with a request: answer with a status, or hang (never answer). */
export type Reply = number | 'hang';

export interface TestReceiver {
  url: string;
  port: number;
  received: ReceivedHook[];
  /** Replies to the next requests in order; after the list, `otherwise` (200 by default). */
  reply(replies: Reply[], otherwise?: Reply): void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on a loopback port, over real sockets: it records every request and
 * answers as told. Hanging requests are ended when it closes.
 */
export async function startReceiver(): Promise<TestReceiver> {
  const received: ReceivedHook[] = [];
  let queue: Reply[] = [];
  let otherwise: Reply = 200;
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const reply = queue.shift() ?? otherwise;
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(reply, { 'content-type': 'text/plain' });
      res.end(reply >= 200 && reply < 300 ? 'ok' : `receiver says ${reply}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    reply(replies, fallback = 200) {
      queue = [...replies];
      otherwise = fallback;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`the receiver got ${received.length} of ${count} requests`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
