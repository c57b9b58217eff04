import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookPayload } from '@lifeline/domain';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { type NoteLanguage, noteFor } from './notes.ts';

/** Lifeline's payloads are a few hundred bytes: anything much larger is not one of them. */
const MAX_BODY_BYTES = 64 * 1024;
/** Event ids remembered to drop duplicates (delivery is at least once); the oldest go first. */
const REMEMBERED_IDS = 10_000;

export interface ReceiverOptions {
  /** The endpoint's signing secret, `whsec_…`, as the Webhooks page showed it once. */
  secret: string;
  language: NoteLanguage;
  /**
   * Puts the note on the ticket (or prints it). A throw answers 502, so Lifeline retries the
   * event later with the same `webhook-id`.
   */
  deliver: (note: string, payload: WebhookPayload) => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/**
 * The HTTP handler: `POST` with Lifeline's signed event. It checks the Standard Webhooks
 * signature over the raw body (before parsing anything) and the timestamp (within 5 minutes,
 * so a captured request cannot be played again later), then writes the note once per event
 * id. 401 for a bad or old signature: nothing unsigned reaches the help desk.
 */
export function createReceiver(options: ReceiverOptions) {
  const webhook = new Webhook(options.secret);
  const delivered = new Set<string>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405, 'POST only');
    const body = await readBody(req);
    if (body === null) return answer(res, 413, 'too large');
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let payload: WebhookPayload;
    try {
      payload = webhook.verify(body.toString('utf8'), headers) as WebhookPayload;
    } catch (error) {
      if (error instanceof WebhookVerificationError || error instanceof SyntaxError) {
        return answer(res, 401, 'bad signature');
      }
      throw error;
    }
    const id = headers['webhook-id'];
    // A retry or a replay of an event already on the ticket: acknowledged, not written twice.
    if (delivered.has(id)) return answer(res, 200, 'already noted');
    try {
      await options.deliver(noteFor(payload, options.language), payload);
    } catch {
      return answer(res, 502, 'the help desk did not take the note');
    }
    delivered.add(id);
    if (delivered.size > REMEMBERED_IDS) {
      const oldest = delivered.values().next().value;
      if (oldest !== undefined) delivered.delete(oldest);
    }
    return answer(res, 200, 'noted');
  };
}
