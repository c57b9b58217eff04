import { startEmbeddedPostgres, TEST_DATABASE_URL_VARIABLE } from './testing-pg.ts';

/**
 * Vitest `globalSetup` for the PostgreSQL suites: one embedded PostgreSQL for the whole run,
 * unless `LIFELINE_TEST_DATABASE_URL` names a server already. Its URL reaches the test workers,
 * and the server processes they spawn, as that same environment variable (workers are started
 * after the global setups, with this process's environment; `provide`/`inject` would reach the
 * test code only). Projects listing this file share the server: the first one starts it.
 * Stopped at teardown; if the run is killed, its supervisor process stops it.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEST_DATABASE_URL_VARIABLE]) return undefined;
  const server = await startEmbeddedPostgres();
  process.env[TEST_DATABASE_URL_VARIABLE] = server.url;
  return async () => {
    delete process.env[TEST_DATABASE_URL_VARIABLE];
    await server.stop();
  };
}
