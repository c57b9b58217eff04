import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestSql } from '../test-db.ts';
import { startReceiver, type TestReceiver } from '../webhook-receiver.ts';
import {
  call,
  type ServerProcess,
  signIn,
  spawnServer,
  stopChildren,
  stopServer,
  type TempDir,
  tempDir,
} from './support.ts';

/**
 * At-least-once across a crash (issue 14): the real server process is killed with SIGKILL while
 * a receiver holds its webhook POST unanswered. The event and its delivery were committed with
 * the change; the claim's lease runs out (here: moved to the past, as two minutes later), and
 * the restarted server delivers the same event, under the same `webhook-id`, signed.
 */

interface DeliveryRow {
  status: string;
  attempts: number;
  next_attempt_at: number;
  event_id: string;
}

describe('webhook delivery survives a SIGKILL of the server mid-delivery', () => {
  let dir: TempDir | undefined;
  let receiver: TestReceiver | undefined;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    await stopChildren();
    await receiver?.close();
    await dir?.dispose();
  });

  it('loses no event: the restarted server sends it again with the same webhook-id', async () => {
    dir = tempDir('lifeline-hooks-kill-');
    const location = await dir.database('hooks.db');
    receiver = await startReceiver();
    // The first POST is never answered: the server is killed while it waits.
    receiver.reply(['hang'], 200);
    const env = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_INTERVAL_SECONDS: '1' };
    const first = await spawnServer(location, env);
    servers.push(first);
    const cookie = await signIn(first.url, 'admin@lifeline.test', 'lifeline-demo');
    const created = await call(
      first.url,
      'webhooks.create',
      { url: receiver.url, eventTypes: ['verification.failed'] },
      { cookie },
    );
    expect(created.reason).toBe('none');
    const { endpoint, secret } = created.data as { endpoint: { id: string }; secret: string };
    const sent = await call(
      first.url,
      'webhooks.sendTest',
      { endpointId: endpoint.id },
      { cookie },
    );
    expect(sent.reason).toBe('none');
    const { deliveryId } = sent.data as { deliveryId: string };

    await receiver.waitFor(1);
    await stopServer(first, 'SIGKILL');

    const raw = openTestSql(location);
    try {
      const claimed = await raw.one<DeliveryRow>(
        'SELECT status, attempts, next_attempt_at, event_id FROM webhook_deliveries WHERE id = ?',
        deliveryId,
      );
      // Claimed (leased into the future), no attempt recorded: the crash came mid-POST.
      expect(claimed).toMatchObject({ status: 'pending', attempts: 0 });
      expect(Number(claimed?.next_attempt_at)).toBeGreaterThan(Date.now());
      await raw.sql(
        'UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?',
        Date.now() - 1,
        deliveryId,
      );

      const second = await spawnServer(location, env);
      servers.push(second);
      await receiver.waitFor(2);
      let row: DeliveryRow | undefined;
      for (let i = 0; i < 200; i += 1) {
        row = await raw.one<DeliveryRow>(
          'SELECT status, attempts, next_attempt_at, event_id FROM webhook_deliveries WHERE id = ?',
          deliveryId,
        );
        if (row?.status === 'succeeded') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(row).toMatchObject({ status: 'succeeded', attempts: 1 });
      const [before, after] = receiver.received;
      expect(before?.headers['webhook-id']).toBe(claimed?.event_id);
      expect(after?.headers['webhook-id']).toBe(claimed?.event_id);
      expect(after?.body).toBe(before?.body);
      expect(
        new Webhook(secret).verify(after?.body ?? '', after?.headers as Record<string, string>),
      ).toMatchObject({ type: 'webhook.test' });
      await stopServer(second);
    } finally {
      await raw.close();
    }
  });
});
