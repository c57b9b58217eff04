import type { AddressInfo } from 'node:net';
import { type ApiDeps, createMetrics } from '@lifeline/api';
import { createApp, listenForMetrics } from './app.ts';
import { defaultCheckpointDir } from './audit/checkpoint-folder.ts';
import { loadAuditKeys } from './audit/signing-key.ts';
import { prepareDatabase } from './bootstrap.ts';
import {
  allowedHostsOf,
  consoleUrlOf,
  EnvError,
  loadEnv,
  ssoSettingsOf,
  staffMfaOf,
  webauthnOf,
  webhookPolicyOf,
} from './env.ts';
import { loadFieldKey } from './field-key.ts';
import { createLogger } from './logger.ts';
import { createOutboxSender } from './outbox-sender.ts';
import { startScheduler } from './scheduler.ts';
import { createWebhookSender } from './webhook-sender.ts';

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const auditKeys = loadAuditKeys(env);
  const fieldKey = loadFieldKey(env);
  const { db, identifierHashKey } = await prepareDatabase(env, logger);
  const sso = ssoSettingsOf(env);
  const deps: ApiDeps = {
    db,
    clock: Date.now,
    identifierHashKey,
    logger,
    metrics: createMetrics(),
    resetLinkBase: env.RESET_LINK_BASE,
    audit: auditKeys,
    ...(sso ? { sso } : {}),
    passwordSignIn: env.STAFF_PASSWORD_SIGN_IN,
    ...(env.TICKET_URL_TEMPLATE ? { ticketUrlTemplate: env.TICKET_URL_TEMPLATE } : {}),
    consoleUrl: consoleUrlOf(env),
    webhooks: webhookPolicyOf(env),
    staffMfa: staffMfaOf(env),
    fieldKey: fieldKey.key,
    webauthn: webauthnOf(env),
  };
  logger.info(
    { staffMfa: deps.staffMfa, webauthn: deps.webauthn, fieldKey: fieldKey.path },
    'staff second factors',
  );
  logger.info(
    { sso: sso ? { issuer: sso.issuerUrl, provider: sso.providerName } : false },
    sso ? 'single sign-on is on' : 'single sign-on is off (OIDC_* not set)',
  );
  logger.info(
    { keyId: auditKeys.keyId, generated: auditKeys.generated, path: auditKeys.path },
    'audit checkpoints are signed with this key',
  );
  const app = createApp({
    deps,
    trustProxy: env.TRUST_PROXY,
    nodeEnv: env.NODE_ENV,
    allowedHosts: allowedHostsOf(env),
  });
  const server = app.listen(env.PORT, env.HOST, () => {
    const { address, port } = server.address() as AddressInfo;
    logger.info({ url: `http://${address}:${port}` }, 'Lifeline is listening');
  });
  const metricsServer = listenForMetrics(deps, env.METRICS_PORT, env.METRICS_HOST);

  const scheduler = startScheduler(deps, env.SCHEDULER_INTERVAL_SECONDS, {
    checkpointDir: env.AUDIT_CHECKPOINT_DIR ?? defaultCheckpointDir(env.DATABASE_PATH),
    fullCheckHours: env.FULL_CHECK_HOURS,
  });
  // Without SMTP_URL nothing is sent: emails stay in the outbox, readable in the console.
  const sender = env.SMTP_URL
    ? createOutboxSender({ deps, smtpUrl: env.SMTP_URL, from: env.SMTP_FROM })
    : null;
  const senderLoop = sender?.start(env.OUTBOX_INTERVAL_SECONDS) ?? null;
  if (!sender) logger.info('SMTP_URL not set: emails stay in the outbox');
  // Webhooks need no setting to run: with no endpoint registered, a pass finds nothing due.
  const webhookLoop = createWebhookSender({ deps }).start(env.WEBHOOK_INTERVAL_SECONDS);

  // Stop accepting and stop the background work, let in-flight requests and a running pass
  // finish, then close the database.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    const background = Promise.all([
      scheduler.stop(),
      senderLoop?.stop(),
      webhookLoop.stop(),
    ]).finally(() => sender?.close());
    server.close(() => {
      void background.finally(async () => {
        await db.close();
        logger.info('stopped');
        // pino writes asynchronously: exit once the last lines are out.
        logger.flush(() => process.exit(0));
      });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('in-flight requests did not finish in 10 s; closing anyway');
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
