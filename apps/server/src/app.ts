import type { LifelineDb } from '@lifeline/db';
import express from 'express';
import type { Env } from './env.ts';
import type { Logger } from './logger.ts';

export interface AppDeps {
  db: LifelineDb;
  env: Env;
  logger: Logger;
  identifierHashKey: string;
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const health = await deps.db.health();
    res.status(health.ok && health.migrationsApplied ? 200 : 503).json(health);
  });
  return app;
}
