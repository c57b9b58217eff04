import { randomBytes } from 'node:crypto';
import type { AppRouter } from '@lifeline/api';
import { appendAuditEvent } from '@lifeline/db';
import {
  DAY,
  HOUR,
  MINUTE,
  WEBHOOK_BREAKER_PERIOD,
  WEBHOOK_MAX_ATTEMPTS,
  type WebhookPayload,
  webhookRetryDelay,
} from '@lifeline/domain';
import type { TRPCClientError } from '@trpc/client';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebhookSender, MAX_RESPONSE_BYTES } from '../src/webhook-sender.ts';
import { reasonOf, startTestServer, type TestClient, type TestServer } from './harness.ts';
import { type ReceivedHook, startReceiver, type TestReceiver } from './webhook-receiver.ts';

// Webhooks (issue 14) against real receivers on loopback ports, on the run's engine: the event
// written in the action's transaction, signed per Standard Webhooks, retried on the injected
// clock, the circuit breaker, the address guard, rotation, replay and the log's retention.

const CONSOLE = 'https://lifeline.example.com';
const TICKETS = 'https://acme.zendesk.com/agent/tickets/{ticket}';
const LOOPBACK_ALLOWED = { allowPrivate: true, httpsOnly: false };

interface DeliveryRow {
  id: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
}

/** Standard Webhooks' own check, at the server's (injected) time: throws unless it verifies. */
function verify(secret: string, hook: ReceivedHook, at: number): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    return new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

describe('webhooks', () => {
  let server: TestServer;
  let admin: TestClient;
  let lead: TestClient;
  let agent: TestClient;
  const receivers: TestReceiver[] = [];

  async function receiver(): Promise<TestReceiver> {
    const made = await startReceiver();
    receivers.push(made);
    return made;
  }

  /** A sender with a short timeout (the hang test's), as the server runs one. */
  const sender = (timeoutMs = 2000) => createWebhookSender({ deps: server.deps, timeoutMs });

  async function deliveriesOf(endpointId: string): Promise<DeliveryRow[]> {
    return server.sql<DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at, id',
      endpointId,
    );
  }

  /** Sessions end after 30 idle minutes: after the clock jumps, everyone signs in again. */
  async function signInAll() {
    admin = await server.signedIn('admin@lifeline.test');
    lead = await server.signedIn('lead@lifeline.test');
    agent = await server.signedIn('agent@lifeline.test');
  }

  beforeAll(async () => {
    server = await startTestServer({
      accounts: 0,
      database: { webhookLinks: { consoleUrl: CONSOLE, ticketUrlTemplate: TICKETS } },
    });
    // WEBHOOK_ALLOW_PRIVATE=true, as in development: the receivers are on this machine.
    server.deps.webhooks = LOOPBACK_ALLOWED;
    await signInAll();
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await server.close();
  });

  it('delivers a verification outcome signed per Standard Webhooks, with masked ids and links', async () => {
    const hooks = await receiver();
    const { endpoint, secret } = await admin.webhooks.create.mutate({
      url: hooks.url,
      description: 'Zendesk notes',
      eventTypes: ['verification.passed', 'verification.failed'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Shown once: the list never holds it.
    const listed = await admin.webhooks.list.query();
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    expect(listed.endpoints.find((e) => e.id === endpoint.id)).toMatchObject({
      url: hooks.url,
      enabled: true,
      eventTypes: ['verification.passed', 'verification.failed'],
      lastDelivery: null,
    });

    const check = await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'ZD-1234',
      factor: { method: 'card_last4', last4: '4242' },
    });
    expect(check.outcome).toBe('passed');
    const pass = await sender().runOnce();
    expect(pass).toMatchObject({ delivered: 1, retrying: 0 });
    expect(hooks.received).toHaveLength(1);
    const [hook] = hooks.received as [ReceivedHook];

    const payload = verify(secret, hook, server.clock.now) as WebhookPayload;
    const account = await server.one<{ account_id: string; id: string }>(
      "SELECT account_id, id FROM logins WHERE identifier = 'ok.owner@example.com' AND role = 'owner'",
    );
    expect(payload).toEqual({
      type: 'verification.passed',
      timestamp: new Date(server.clock.now).toISOString(),
      data: {
        auditEventId: expect.any(Number),
        action: 'verification.check',
        outcome: 'passed',
        reason: null,
        staffId: expect.stringMatching(/^stf_/),
        ticket: { ref: 'ZD-1234', url: 'https://acme.zendesk.com/agent/tickets/ZD-1234' },
        account: {
          id: account?.account_id,
          url: `${CONSOLE}/accounts/${account?.account_id}`,
        },
        login: { id: account?.id, identifier: 'o•••@example.com' },
        verification: {
          id: 'verificationId' in check ? check.verificationId : '',
          method: 'card_last4',
        },
      },
    });
    expect(hook.headers['webhook-id']).toMatch(/^msg_/);
    expect(hook.headers['webhook-timestamp']).toBe(String(Math.floor(server.clock.now / 1000)));
    expect(hook.headers['user-agent']).toBe('Lifeline-Webhooks/1');
    expect(hook.headers['content-type']).toBe('application/json');
    // The body is the stored payload byte for byte: what was signed is what was written.
    const event = await server.one<{ id: string; payload: string }>(
      'SELECT id, payload FROM webhook_events WHERE id = ?',
      hook.headers['webhook-id'],
    );
    expect(event?.payload).toBe(hook.body);
    // A tampered body does not verify.
    expect(() =>
      verify(secret, { ...hook, body: hook.body.replace('passed', 'failed') }, server.clock.now),
    ).toThrow(/signature/i);

    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, last_status_code: 200 });
    const log = await admin.webhooks.deliveries.query({ endpointId: endpoint.id });
    expect(log.items).toEqual([
      expect.objectContaining({
        eventType: 'verification.passed',
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 200,
        nextAttemptAt: null,
        endpointUrl: hooks.url,
      }),
    ]);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('writes nothing for a change that rolls back, and nothing an endpoint did not subscribe to', async () => {
    const hooks = await receiver();
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['action.succeeded'],
    });
    const events = () => server.count('SELECT count(*) FROM webhook_events');
    const before = await events();
    // The seam itself: an audited success whose transaction then fails.
    await expect(
      server.db.transaction(async (tx) => {
        await appendAuditEvent(tx, {
          at: server.clock.now,
          staffId: 'system',
          action: 'login.unlock',
          outcome: 'succeeded',
          ticketRef: 'T-ROLLBACK',
        });
        throw new Error('the change fails after its audit event');
      }),
    ).rejects.toThrow('the change fails');
    // Over HTTP: an unlock refused for want of a verification rolls back; its refusal is
    // `action.refused`, which this endpoint does not want.
    const login = await server.one<{ id: string }>(
      "SELECT id FROM logins WHERE identifier = 'locked.out@example.com'",
    );
    expect(
      await reasonOf(
        agent.actions.unlockLogin.mutate({
          loginId: login?.id ?? '',
          verificationId: 'ver_0000000000000000',
          sendResetLink: false,
          ticketRef: 'T-ROLLBACK',
          idempotencyKey: 'webhook-rollback-1',
        }),
      ),
    ).not.toBe('none');
    expect(await events()).toBe(before);
    expect(await sender().runOnce()).toMatchObject({ delivered: 0 });
    expect(hooks.received).toHaveLength(0);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('retries a receiver that fails twice, on the backoff schedule, with the same webhook-id', async () => {
    const hooks = await receiver();
    hooks.reply([500, 502], 200);
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'ZD-2',
      factor: { method: 'card_last4', last4: '0000' },
    });
    const send = sender();
    expect(await send.runOnce()).toMatchObject({ retrying: 1 });
    let [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    expect(row?.last_error).toBe('HTTP 500: receiver says 500');
    expect(row?.next_attempt_at).toBe(server.clock.now + webhookRetryDelay(1));
    const failing = await admin.webhooks.list.query();
    expect(failing.endpoints.find((e) => e.id === endpoint.id)?.failingSince).toBe(
      server.clock.now,
    );
    // Not due yet: nothing is sent.
    server.clock.advance(webhookRetryDelay(1) - 1);
    expect(await send.runOnce()).toMatchObject({ delivered: 0, retrying: 0 });
    server.clock.advance(1);
    expect(await send.runOnce()).toMatchObject({ retrying: 1 });
    [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ attempts: 2, last_status_code: 502 });
    server.clock.advance(webhookRetryDelay(2));
    expect(await send.runOnce()).toMatchObject({ delivered: 1 });
    [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3, last_status_code: 200 });
    expect(hooks.received).toHaveLength(3);
    const metrics = await server.deps.metrics.registry.metrics();
    expect(metrics).toMatch(/lifeline_webhook_attempts_total\{outcome="retrying"\} [1-9]/);
    expect(metrics).toMatch(/lifeline_webhook_attempts_total\{outcome="delivered"\} [1-9]/);
    const ids = new Set(hooks.received.map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(hooks.received.map((h) => h.body)).size).toBe(1);
    // A success ends the failure streak.
    const healed = await admin.webhooks.list.query();
    expect(healed.endpoints.find((e) => e.id === endpoint.id)).toMatchObject({
      failingSince: null,
      lastDelivery: { status: 'succeeded', statusCode: 200 },
    });
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('sends each delivery once when two senders run at the same time', async () => {
    const hooks = await receiver();
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    for (let n = 0; n < 6; n += 1)
      await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    // Two servers' senders, in effect: each claims in its own transaction, never the same rows.
    const passes = await Promise.all([sender().runOnce(), sender().runOnce()]);
    expect(passes.reduce((sum, pass) => sum + pass.delivered, 0)).toBe(6);
    expect(hooks.received).toHaveLength(6);
    expect(new Set(hooks.received.map((h) => h.headers['webhook-id'])).size).toBe(6);
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(6).fill(['succeeded', 1]));
    const { endpoint: updated } = await admin.webhooks.update.mutate({
      endpointId: endpoint.id,
      enabled: false,
    });
    expect(updated).toMatchObject({
      enabled: false,
      disabledReason: 'admin',
      lastDelivery: { status: 'succeeded', statusCode: 200 },
    });
  });

  it('cuts a receiver that does not answer at the timeout, and reads at most 4 KB of an answer', async () => {
    const hooks = await receiver();
    hooks.reply(['hang'], 200);
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    const started = performance.now();
    expect(await sender(300).runOnce()).toMatchObject({ retrying: 1 });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(5000);
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(row?.last_error).toBe('no answer within 0.3 s');
    expect(MAX_RESPONSE_BYTES).toBe(4096);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    const hooks = await receiver();
    hooks.reply([302]);
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    expect(await sender().runOnce()).toMatchObject({ retrying: 1 });
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', last_status_code: 302 });
    expect(row?.last_error).toMatch(/^redirect not followed: HTTP 302/);
    expect(hooks.received).toHaveLength(1);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('gives up after 15 attempts over about 3 days, disables the endpoint and alerts admins', async () => {
    const hooks = await receiver();
    hooks.reply([], 503);
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    const send = sender();
    const first = server.clock.now;
    const attemptsAt: number[] = [];
    for (let n = 0; n < 40; n += 1) {
      const [row] = await deliveriesOf(endpoint.id);
      if (row?.status !== 'pending') break;
      server.clock.set(Math.max(server.clock.now, row.next_attempt_at));
      attemptsAt.push(server.clock.now - first);
      await send.runOnce();
    }
    await signInAll();
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS });
    expect(hooks.received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    // The schedule: 1, 2, 4 … 512 minutes apart, then 14 hours four times.
    const gaps = attemptsAt.slice(1).map((at, i) => at - (attemptsAt[i] as number));
    expect(gaps).toEqual([
      ...[1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((m) => m * MINUTE),
      ...[14, 14, 14, 14].map((h) => h * HOUR),
    ]);
    const total = attemptsAt.at(-1) as number;
    expect(total).toBe(1023 * MINUTE + 56 * HOUR);
    expect(total).toBeGreaterThanOrEqual(WEBHOOK_BREAKER_PERIOD);
    expect(total).toBeLessThan(3 * DAY + 2 * HOUR);

    // The breaker: failing since the first attempt, for the whole period, so disabled.
    const { endpoints } = await admin.webhooks.list.query();
    expect(endpoints.find((e) => e.id === endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
      failingSince: first,
    });
    const audit = await server.one<{ staff_id: string; details: string }>(
      "SELECT staff_id, details FROM audit_events WHERE action = 'webhook.auto_disable' ORDER BY id DESC LIMIT 1",
    );
    expect(audit?.staff_id).toBe('system');
    expect(JSON.parse(audit?.details ?? '{}')).toMatchObject({ endpointId: endpoint.id });
    const adminAlerts = await admin.alerts.list.query({});
    expect(adminAlerts.items).toContainEqual(
      expect.objectContaining({
        kind: 'webhook_endpoint_disabled',
        active: true,
        webhookEndpoint: { endpointId: endpoint.id, url: hooks.url },
      }),
    );
    // Leads see the verification alerts, not this one: it is for whoever manages endpoints.
    const leadAlerts = await lead.alerts.list.query({});
    expect(leadAlerts.items.map((a) => a.kind)).not.toContain('webhook_endpoint_disabled');
    // A disabled endpoint receives nothing more.
    await agent.verification.check.mutate({
      identifier: 'ok.owner@example.com',
      ticketRef: 'ZD-3',
      factor: { method: 'card_last4', last4: '0001' },
    });
    expect(
      await server.count(
        'SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?',
        endpoint.id,
      ),
    ).toBe(1);
    expect(await reasonOf(admin.webhooks.sendTest.mutate({ endpointId: endpoint.id }))).toBe(
      'INVALID_INPUT',
    );

    // Re-enabled: the breaker starts afresh and the alert ends.
    const { endpoint: again } = await admin.webhooks.update.mutate({
      endpointId: endpoint.id,
      enabled: true,
    });
    expect(again).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const after = await admin.alerts.list.query({});
    expect(after.items.map((a) => a.webhookEndpoint?.endpointId)).not.toContain(endpoint.id);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('refuses endpoints on private addresses without WEBHOOK_ALLOW_PRIVATE, and http in production', async () => {
    server.deps.webhooks = { allowPrivate: false, httpsOnly: false };
    try {
      const refused = [
        'http://127.0.0.1:8080/hooks',
        // A name resolving to 127.0.0.1.
        'http://localhost:8080/hooks',
        'http://10.1.2.3/hooks',
        'http://172.16.0.1/hooks',
        'http://192.168.1.10/hooks',
        'http://169.254.169.254/latest/meta-data',
        'http://100.64.0.1/hooks',
        'http://0.0.0.0/hooks',
        'http://224.0.0.1/hooks',
        'http://[::1]/hooks',
        'http://[fe80::1]/hooks',
        'http://[fc00::1]/hooks',
        'http://[fd12:3456::1]/hooks',
        'http://[::ffff:127.0.0.1]/hooks',
        'http://[::ffff:169.254.169.254]/hooks',
        'http://[::]/hooks',
        'http://2130706433/hooks',
      ];
      for (const url of refused) {
        const error = await admin.webhooks.create
          .mutate({ url, eventTypes: ['action.succeeded'] })
          .then(
            () => null,
            (e: TRPCClientError<AppRouter>) => e,
          );
        expect(error?.data?.reason, url).toBe('INVALID_INPUT');
        expect(error?.message, url).toMatch(/address/);
      }
      const message = await admin.webhooks.create
        .mutate({ url: 'http://localhost:9/hooks', eventTypes: ['action.succeeded'] })
        .catch((error: Error) => error.message);
      expect(message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      // Refusals are audited like any other.
      const audited = await server.count(
        "SELECT count(*) FROM audit_events WHERE action = 'webhook.create' AND outcome = 'refused'",
      );
      expect(audited).toBeGreaterThanOrEqual(refused.length);
      // A public address is taken (resolved by a stand-in resolver: no network in tests).
      server.deps.webhooks = {
        allowPrivate: false,
        httpsOnly: true,
        resolve: async () => ['93.184.215.14'],
      };
      expect(
        await reasonOf(
          admin.webhooks.create.mutate({
            url: 'http://helpdesk.example.com/hooks',
            eventTypes: ['action.succeeded'],
          }),
        ),
      ).toBe('INVALID_INPUT');
      const made = await admin.webhooks.create.mutate({
        url: 'https://helpdesk.example.com/hooks',
        eventTypes: ['action.succeeded'],
      });
      expect(made.endpoint.url).toBe('https://helpdesk.example.com/hooks');
      await admin.webhooks.update.mutate({ endpointId: made.endpoint.id, enabled: false });
      // Credentials in the URL are refused whatever the address.
      expect(
        await reasonOf(
          admin.webhooks.create.mutate({
            url: 'https://user:pw@helpdesk.example.com/hooks',
            eventTypes: ['action.succeeded'],
          }),
        ),
      ).toBe('INVALID_INPUT');
    } finally {
      server.deps.webhooks = LOOPBACK_ALLOWED;
    }
  });

  it('checks the address connected to at delivery: a name rebound to 127.0.0.1 gets nothing', async () => {
    const hooks = await receiver();
    let lookups = 0;
    // Public when the admin registers it, loopback when the sender connects (DNS rebinding).
    server.deps.webhooks = {
      allowPrivate: false,
      httpsOnly: false,
      resolve: async () => {
        lookups += 1;
        return lookups === 1 ? ['93.184.215.14'] : ['127.0.0.1'];
      },
    };
    try {
      const { endpoint } = await admin.webhooks.create.mutate({
        url: `http://rebind.example.com:${hooks.port}/hooks`,
        eventTypes: ['verification.failed'],
      });
      await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
      expect(await sender().runOnce()).toMatchObject({ retrying: 1 });
      let [row] = await deliveriesOf(endpoint.id);
      expect(row?.last_error).toBe(
        'refused: rebind.example.com resolves to no public address (127.0.0.1 is a loopback address)',
      );
      expect(hooks.received).toHaveLength(0);
      // An address written into the database behind the service's back is refused too.
      await server.sql(
        'UPDATE webhook_endpoints SET url = ? WHERE id = ?',
        `http://127.0.0.1:${hooks.port}/hooks`,
        endpoint.id,
      );
      server.clock.advance(webhookRetryDelay(1));
      expect(await sender().runOnce()).toMatchObject({ retrying: 1 });
      [row] = await deliveriesOf(endpoint.id);
      expect(row?.last_error).toBe('refused: 127.0.0.1 is a loopback address');
      expect(hooks.received).toHaveLength(0);
      await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
    } finally {
      server.deps.webhooks = LOOPBACK_ALLOWED;
    }
  });

  it('sends nothing over plain http in production, whatever the endpoint says', async () => {
    const hooks = await receiver();
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    server.deps.webhooks = { allowPrivate: true, httpsOnly: true };
    try {
      expect(await sender().runOnce()).toMatchObject({ retrying: 1 });
    } finally {
      server.deps.webhooks = LOOPBACK_ALLOWED;
    }
    const [row] = await deliveriesOf(endpoint.id);
    expect(row?.last_error).toBe('refused: not https:// (required in production)');
    expect(hooks.received).toHaveLength(0);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const hooks = await receiver();
    const { endpoint, secret: oldSecret } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    const rotated = await admin.webhooks.rotateSecret.mutate({ endpointId: endpoint.id });
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousSecretUntil).toBe(server.clock.now + DAY);
    const { deliveryId } = await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    await sender().runOnce();
    const [during] = hooks.received as [ReceivedHook];
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(oldSecret, during, server.clock.now)).toMatchObject({ type: 'webhook.test' });
    expect(verify(rotated.secret, during, server.clock.now)).toMatchObject({
      type: 'webhook.test',
    });

    // Past the overlap, a replay of the same event is signed with the new secret alone.
    server.clock.advance(DAY + 1);
    await signInAll();
    const replay = await admin.webhooks.replay.mutate({ deliveryId });
    await sender().runOnce();
    const after = hooks.received[1] as ReceivedHook;
    expect(after.headers['webhook-id']).toBe(during.headers['webhook-id']);
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, after, server.clock.now)).toMatchObject({ type: 'webhook.test' });
    expect(() => verify(oldSecret, after, server.clock.now)).toThrow(/signature/i);
    const log = await admin.webhooks.deliveries.query({ endpointId: endpoint.id, limit: 1 });
    expect(log.items[0]).toMatchObject({ id: replay.deliveryId, replayOf: deliveryId });
    expect(log.nextCursor).not.toBeNull();
    const next = await admin.webhooks.deliveries.query({
      endpointId: endpoint.id,
      limit: 1,
      cursor: log.nextCursor ?? '',
    });
    expect(next.items.map((d) => d.id)).toEqual([deliveryId]);
    // The audit log names endpoints and deliveries, never a secret.
    const details = await server.sql<{ details: string }>(
      "SELECT details FROM audit_events WHERE action LIKE 'webhook.%'",
    );
    for (const { details: text } of details) {
      expect(text).not.toContain(oldSecret.slice(6));
      expect(text).not.toContain(rotated.secret.slice(6));
    }
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('keeps signing secrets encrypted with the field key: a copy of the database signs nothing', async () => {
    const hooks = await receiver();
    const { endpoint, secret } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: ['verification.failed'],
    });
    const [stored] = await server.sql<{ secret: string }>(
      'SELECT secret FROM webhook_endpoints WHERE id = ?',
      endpoint.id,
    );
    expect(stored?.secret).toMatch(/^v1\./);
    expect(stored?.secret).not.toContain(secret.slice(6));
    // A server with another key file cannot read it, and sends nothing unsigned.
    const { deliveryId } = await admin.webhooks.sendTest.mutate({ endpointId: endpoint.id });
    await createWebhookSender({
      deps: { ...server.deps, fieldKey: randomBytes(32) },
      timeoutMs: 2000,
    }).runOnce();
    expect(hooks.received).toHaveLength(0);
    const [failed] = await deliveriesOf(endpoint.id);
    expect(failed).toMatchObject({ id: deliveryId, status: 'pending', attempts: 1 });
    expect(failed?.last_error).toMatch(/signing secret cannot be read/);
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('no webhook payload written in this run holds a typed verification value or a full identifier', async () => {
    const hooks = await receiver();
    const { endpoint } = await admin.webhooks.create.mutate({
      url: hooks.url,
      eventTypes: [
        'verification.passed',
        'verification.failed',
        'verification.locked',
        'action.succeeded',
        'action.refused',
        'review.marked',
      ],
    });
    const typed: string[] = [];
    const check = (identifier: string, factor: Record<string, string>) =>
      agent.verification.check.mutate({
        identifier,
        ticketRef: 'ZD-SCAN',
        factor: factor as never,
      });
    // Card digits: wrong, then right (the card on file).
    await check('hard.locked@example.com', { method: 'card_last4', last4: '9876' });
    const card = await check('hard.locked@example.com', { method: 'card_last4', last4: '1212' });
    typed.push('9876', '1212');
    // An address: wrong, then right.
    await check('ok.owner@example.com', {
      method: 'billing_address',
      postalCode: '75019',
      line1: '77 Rue Quokka',
    });
    await check('ok.owner@example.com', {
      method: 'billing_address',
      postalCode: '75011',
      line1: '10 Rue Oberkampf',
    });
    typed.push('75019', 'Quokka', '75011', 'Oberkampf');
    // An email code: a wrong one, then the one sent.
    await agent.verification.sendCode.mutate({
      identifier: 'locked.out@example.com',
      ticketRef: 'ZD-SCAN',
    });
    const sent = await server.one<{ secret: string }>(
      "SELECT secret FROM outbox WHERE template = 'verification_code' ORDER BY created_at DESC, id DESC LIMIT 1",
    );
    const wrongCode = sent?.secret === '864209' ? '864210' : '864209';
    await check('locked.out@example.com', { method: 'email_code', code: wrongCode });
    await check('locked.out@example.com', { method: 'email_code', code: sent?.secret ?? '' });
    typed.push(wrongCode, sent?.secret ?? '');
    // An action on the verified caller, and a refused one.
    const login = await server.one<{ id: string }>(
      "SELECT id FROM logins WHERE identifier = 'hard.locked@example.com'",
    );
    await agent.actions.unlockLogin.mutate({
      loginId: login?.id ?? '',
      verificationId: ('verificationId' in card ? card.verificationId : undefined) ?? '',
      sendResetLink: true,
      ticketRef: 'ZD-SCAN',
      idempotencyKey: 'webhook-scan-unlock-1',
    });
    await reasonOf(
      agent.actions.unlockLogin.mutate({
        loginId: login?.id ?? '',
        verificationId: 'ver_0000000000000000',
        sendResetLink: false,
        ticketRef: 'ZD-SCAN',
        idempotencyKey: 'webhook-scan-unlock-2',
      }),
    );
    await sender().runOnce();
    const types = new Set(hooks.received.map((h) => (JSON.parse(h.body) as WebhookPayload).type));
    expect([...types].sort()).toEqual([
      'action.refused',
      'action.succeeded',
      'verification.failed',
      'verification.passed',
    ]);

    // Every payload of the run, whichever test wrote it (the last test that writes any).
    const payloads = await server.sql<{ payload: string }>('SELECT payload FROM webhook_events');
    expect(payloads.length).toBeGreaterThan(5);
    const identifiers = [
      'ok.owner@example.com',
      'hard.locked@example.com',
      'locked.out@example.com',
    ];
    for (const { payload } of payloads) {
      for (const value of [...typed, ...identifiers]) {
        expect(payload, `a payload holds ${value}`).not.toContain(value);
      }
      // No email code or card number of any length, whatever was typed.
      expect(payload).not.toMatch(/(?<![\w-])\d{4,6}(?![\w-])/);
      expect(payload).not.toMatch(/whsec_/);
    }
    await admin.webhooks.update.mutate({ endpointId: endpoint.id, enabled: false });
  });

  it('prunes delivered events and their deliveries past 30 days, keeping what is pending', async () => {
    const { runJobsOnce } = await import('@lifeline/api');
    const settled = await server.count(
      "SELECT count(*) FROM webhook_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')",
    );
    expect(settled).toBeGreaterThan(0);
    const report = await runJobsOnce(server.deps, server.clock.now + 31 * DAY);
    expect(report.failed).toEqual([]);
    expect(
      await server.count(
        "SELECT count(*) FROM webhook_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')",
      ),
    ).toBe(0);
  });
});
