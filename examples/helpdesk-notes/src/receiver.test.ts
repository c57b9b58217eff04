import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '@lifeline/domain';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ticketNumberOf } from './helpdesk.ts';
import { createReceiver } from './receiver.ts';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const OTHER_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

const payload: WebhookPayload = {
  type: 'action.succeeded',
  timestamp: '2026-11-23T10:00:00.000Z',
  data: {
    auditEventId: 41,
    action: 'account.reactivate',
    outcome: 'succeeded',
    reason: null,
    staffId: 'stf_agent0001',
    ticket: { ref: 'ZD-1234', url: 'https://acme.zendesk.test/agent/tickets/ZD-1234' },
    account: { id: 'acc_recent0001', url: 'https://lifeline.test/accounts/acc_recent0001' },
    login: { id: 'lgn_owner0001', identifier: 'd***@example.com' },
    verification: { id: 'ver_0001', method: 'card_last4' },
  },
};

let server: Server;
let url: string;
let fail = false;
const notes: string[] = [];

beforeAll(async () => {
  const receiver = createReceiver({
    secret: SECRET,
    language: 'en',
    deliver: async (note) => {
      if (fail) throw new Error('help desk down');
      notes.push(note);
    },
  });
  server = createServer((req, res) => void receiver(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  notes.length = 0;
  fail = false;
});

/** What Lifeline sends: the Standard Webhooks headers over the exact body. */
function signed(body: string, options: { id?: string; at?: Date; secret?: string } = {}) {
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, at, body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return response.status;
}

describe('helpdesk-notes receiver', () => {
  it('writes the note for a correctly signed event', async () => {
    const body = JSON.stringify(payload);
    expect(await post(body, signed(body))).toBe(200);
    expect(notes).toEqual([
      'Lifeline: account acc_recent0001 reactivated by stf_agent0001 after a card check — ticket ZD-1234. Open: https://lifeline.test/accounts/acc_recent0001',
    ]);
  });

  it('accepts either signature while Lifeline signs with two (a rotation overlap)', async () => {
    const body = JSON.stringify(payload);
    const headers = signed(body, { secret: OTHER_SECRET });
    const current = signed(body, {
      id: headers['webhook-id'],
      at: new Date(Number(headers['webhook-timestamp']) * 1000),
    });
    headers['webhook-signature'] =
      `${headers['webhook-signature']} ${current['webhook-signature']}`;
    expect(await post(body, headers)).toBe(200);
    expect(notes).toHaveLength(1);
  });

  it('refuses with 401 a wrong secret, a changed body, missing headers', async () => {
    const body = JSON.stringify(payload);
    expect(await post(body, signed(body, { secret: OTHER_SECRET }))).toBe(401);
    const headers = signed(body);
    expect(await post(body.replace('ZD-1234', 'ZD-9999'), headers)).toBe(401);
    expect(await post(body, { 'content-type': 'application/json' })).toBe(401);
    expect(notes).toEqual([]);
  });

  it('refuses with 401 an old timestamp: a captured request cannot be played again later', async () => {
    const body = JSON.stringify(payload);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    expect(await post(body, signed(body, { at: tenMinutesAgo }))).toBe(401);
    const inTheFuture = new Date(Date.now() + 10 * 60_000);
    expect(await post(body, signed(body, { at: inTheFuture }))).toBe(401);
    expect(notes).toEqual([]);
  });

  it('notes an event once however often it comes (retries and replays keep the webhook-id)', async () => {
    const body = JSON.stringify(payload);
    const id = 'msg_replayed0001';
    expect(await post(body, signed(body, { id }))).toBe(200);
    expect(await post(body, signed(body, { id }))).toBe(200);
    expect(notes).toHaveLength(1);
  });

  it('answers 502 when the help desk did not take the note, so Lifeline retries', async () => {
    fail = true;
    const body = JSON.stringify(payload);
    const headers = signed(body, { id: 'msg_retry0001' });
    expect(await post(body, headers)).toBe(502);
    fail = false;
    expect(await post(body, signed(body, { id: 'msg_retry0001' }))).toBe(200);
    expect(notes).toHaveLength(1);
  });

  it('answers 405 to anything but POST', async () => {
    expect((await fetch(url)).status).toBe(405);
  });

  it('finds the help desk ticket number in the reference', () => {
    const withRef = (ref: string): WebhookPayload => ({
      ...payload,
      data: { ...payload.data, ticket: { ref, url: null } },
    });
    expect(ticketNumberOf(withRef('ZD-1234'))).toBe('1234');
    expect(ticketNumberOf(withRef('#98765'))).toBe('98765');
    expect(ticketNumberOf(withRef('Case 4521'))).toBe('4521');
    expect(ticketNumberOf(withRef('no digits'))).toBeNull();
    expect(ticketNumberOf({ ...payload, data: { ...payload.data, ticket: null } })).toBeNull();
  });
});
