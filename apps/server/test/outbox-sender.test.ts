import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { enqueueEmail } from '@lifeline/db';
import { HOUR } from '@lifeline/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxSender, MAX_ATTEMPTS, retryDelay } from '../src/outbox-sender.ts';
import {
  EXIT_WITH_PARENT,
  startTestServer,
  stopChildren,
  type TestServer,
  trackChild,
} from './harness.ts';
import { startSmtp, type TestSmtp } from './smtp-capture.ts';

// The sender against real SMTP servers started here (smtp-server), over real sockets.

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  secret: string | null;
  sent_at: number | null;
  body_text: string;
}

async function outboxRow(server: TestServer, id: string): Promise<OutboxRow> {
  return (await server.one('SELECT * FROM outbox WHERE id = ?', id)) as OutboxRow;
}

function queueEmail(server: TestServer, subject: string, secret: string | null = null) {
  return server.db.transaction((tx) =>
    enqueueEmail(
      tx,
      {
        template: 'password_reset',
        toAddress: 'ok.owner@example.com',
        subject,
        bodyText: secret === null ? 'No secret here.' : `Your link: {{secret}}\nUse it once.`,
        secret,
      },
      server.clock.now,
    ),
  );
}

const FROM = 'Lifeline Support <support@lifeline.test>';

describe('outbox sender, SMTP server accepting mail', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await stopChildren();
    await smtp.close();
    await server.close();
  });
  afterEach(() => {
    smtp.received.length = 0;
  });

  it('delivers an email code with the secret filled in, then erases the secret', async () => {
    const agent = await server.signedIn('agent@lifeline.test');
    const identifier = 'ok.owner@example.com';
    await agent.verification.sendCode.mutate({ identifier, ticketRef: 'T-OUTBOX-1' });
    const [queued] = await server.sql<OutboxRow>(
      "SELECT * FROM outbox WHERE template = 'verification_code'",
    );
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    expect(queued?.secret).toMatch(/^\d{6}$/);

    const sender = createOutboxSender({ deps: server.deps, smtpUrl: smtp.url, from: FROM });
    expect(await sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    sender.close();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual([identifier]);
    expect(mail?.subject).toBe('Your verification code');
    expect(mail?.body).toContain(`Your one-time code is ${queued?.secret}.`);
    expect(mail?.body).not.toContain('{{secret}}');

    const row = await outboxRow(server, queued?.id ?? '');
    expect(row).toMatchObject({
      status: 'sent',
      sent_at: server.clock.now,
      secret: null,
      last_error: null,
      attempts: 1,
    });
    // The stored body never held the code, only the placeholder.
    expect(row.body_text).toContain('{{secret}}');

    // The customer reads the code from the email to the agent: it verifies them.
    const code = /one-time code is (\d{6})/.exec(mail?.body ?? '')?.[1] ?? '';
    const check = await agent.verification.check.mutate({
      identifier,
      ticketRef: 'T-OUTBOX-1',
      factor: { method: 'email_code', code },
    });
    expect(check.outcome).toBe('passed');

    // Sent is final: nothing is delivered twice.
    const again = createOutboxSender({ deps: server.deps, smtpUrl: smtp.url, from: FROM });
    expect(await again.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    again.close();
    expect(smtp.received).toHaveLength(1);
  });

  it('gives up at once on an email whose secret is gone, without sending it', async () => {
    const id = await queueEmail(server, 'Lost link', 'https://example.test/r/abc');
    await server.sql('UPDATE outbox SET secret = NULL WHERE id = ?', id);
    const sender = createOutboxSender({ deps: server.deps, smtpUrl: smtp.url, from: FROM });
    expect(await sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    sender.close();
    expect(smtp.received).toHaveLength(0);
    expect(await outboxRow(server, id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('two senders in one process never send a row twice', async () => {
    const subjects = Array.from({ length: 45 }, (_, i) => `Message ${i}`);
    for (const subject of subjects) await queueEmail(server, subject, `secret-${subject}`);
    const senders = [1, 2].map(() =>
      createOutboxSender({ deps: server.deps, smtpUrl: smtp.url, from: FROM, batchSize: 4 }),
    );
    let sent = 0;
    for (;;) {
      const passes = await Promise.all(senders.map((sender) => sender.runOnce()));
      const claimed = passes.reduce((n, p) => n + p.sent + p.retrying + p.failed, 0);
      sent += passes.reduce((n, p) => n + p.sent, 0);
      if (claimed === 0) break;
    }
    for (const sender of senders) sender.close();
    expect(sent).toBe(subjects.length);
    expect(smtp.received.map((mail) => mail.subject).sort()).toEqual([...subjects].sort());
    for (const mail of smtp.received) {
      expect(mail.body).toContain(`Your link: secret-${mail.subject}`);
    }
  });

  it('a sender in another process and one here never send a row twice', async () => {
    const subjects = Array.from({ length: 60 }, (_, i) => `Shared ${i}`);
    for (const subject of subjects) await queueEmail(server, subject, `s-${subject}`);

    // A second OS process on the same database, with its own connection and sender.
    const require = createRequire(import.meta.url);
    const href = (path: string) => pathToFileURL(path).href;
    const script = join(server.dir, 'other-sender.ts');
    writeFileSync(
      script,
      `import { createOutboxSender } from ${JSON.stringify(href(join(import.meta.dirname, '../src/outbox-sender.ts')))};
import { openDatabase } from ${JSON.stringify(href(require.resolve('@lifeline/db')))};
import { createMetrics } from ${JSON.stringify(href(require.resolve('@lifeline/api')))};
import { pino } from ${JSON.stringify(href(require.resolve('pino')))};
const [dbPath, smtpUrl, now] = process.argv.slice(2);
const db = openDatabase(dbPath, { migrate: false });
const deps = { db, clock: () => Number(now), identifierHashKey: 'unused', logger: pino({ level: 'silent' }), metrics: createMetrics(), resetLinkBase: 'https://example.test' };
const sender = createOutboxSender({ deps, smtpUrl, from: 'other@lifeline.test', batchSize: 3 });
let sent = 0;
for (;;) {
  const pass = await sender.runOnce();
  sent += pass.sent;
  if (pass.sent + pass.retrying + pass.failed === 0) break;
}
sender.close();
await db.close();
console.log(JSON.stringify({ sent }));
`,
    );
    const child = trackChild(
      spawn(
        process.execPath,
        [...EXIT_WITH_PARENT, script, server.location, smtp.url, String(server.clock.now)],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      ),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    const here = createOutboxSender({
      deps: server.deps,
      smtpUrl: smtp.url,
      from: FROM,
      batchSize: 3,
    });
    let sentHere = 0;
    for (;;) {
      const pass = await here.runOnce();
      sentHere += pass.sent;
      if (pass.sent + pass.retrying + pass.failed === 0) break;
    }
    here.close();
    expect(await exited, stderr).toBe(0);
    const sentThere = (JSON.parse(stdout) as { sent: number }).sent;

    expect(sentHere + sentThere).toBe(subjects.length);
    expect(smtp.received.map((mail) => mail.subject).sort()).toEqual([...subjects].sort());
    const pending = await server.count("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
    expect(pending).toBe(0);
  });
});

describe('outbox sender, SMTP server refusing every recipient', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  beforeAll(async () => {
    server = await startTestServer({ accounts: 0 });
    smtp = await startSmtp({ rejectRecipients: true });
  });
  afterAll(async () => {
    await smtp.close();
    await server.close();
  });

  it('keeps the email pending with a backoff, then marks it failed after the last attempt', async () => {
    const secret = 'https://example.test/reset/very-secret-token';
    const id = await queueEmail(server, 'Reset your password', secret);
    const sender = createOutboxSender({ deps: server.deps, smtpUrl: smtp.url, from: FROM });

    expect(await sender.runOnce()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const first = await outboxRow(server, id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, secret, sent_at: null });
    expect(first.next_attempt_at).toBe(server.clock.now + retryDelay(1));
    expect(first.next_attempt_at).toBeGreaterThan(server.clock.now);
    expect(first.last_error).toMatch(/550/);
    expect(first.last_error).not.toContain(secret);

    // Not due again until its backoff has passed.
    expect(await sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect((await outboxRow(server, id)).attempts).toBe(1);

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      server.clock.advance(HOUR);
      await sender.runOnce();
      const row = await outboxRow(server, id);
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(row).toMatchObject({ status: 'pending', secret });
        expect(row.next_attempt_at).toBe(server.clock.now + retryDelay(attempt));
      }
    }
    expect(await outboxRow(server, id)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      secret: null,
    });
    expect(smtp.received).toHaveLength(0);

    // Failed is final.
    server.clock.advance(24 * HOUR);
    expect(await sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    sender.close();

    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/lifeline_outbox_backlog\{status="failed"\} 1\b/);
    expect(metrics).toMatch(/lifeline_outbox_backlog\{status="pending"\} 0\b/);
  });

  it('backs off 30 s, doubling, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelay(n) / 1000)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
  });
});
