import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that start OS processes or load the server: one file at a time, with budgets measured on
 * the 2-core machine under the full run (and other runs beside it), not guessed.
 */
const SLOW_SERVER_SUITES = [
  'apps/server/test/hardening/**/*.test.ts',
  'apps/server/test/cli-jobs.test.ts',
  'apps/server/test/outbox-sender.test.ts',
  'apps/server/test/process.test.ts',
  'apps/server/test/staff.test.ts',
];
const SLOW_SUITES = [...SLOW_SERVER_SUITES, 'bench/src/**/*.test.ts'];

/** The API, jobs and access-matrix suites: run once per engine. */
const SERVER_SUITES = ['apps/server/test/**/*.test.ts'];
/** The PostgreSQL engine's own tests (client, schema, append-only triggers). */
const POSTGRES_ENGINE_SUITES = [
  'packages/db/src/**/*-pg.test.ts',
  'packages/db/src/schema-pg.test.ts',
];

/** Started once for the run by the first PostgreSQL project (testing-pg.ts says how). */
const POSTGRES = {
  env: { LIFELINE_TEST_ENGINE: 'postgres' },
  globalSetup: ['packages/db/src/postgres-global-setup.ts'],
};

const SLOW = {
  // Two of these at once (a load test beside the crash test) starve each other on a small
  // machine: vitest runs the files of every project without file parallelism one at a time,
  // after the others, whichever engine they are on.
  fileParallelism: false,
  // Their slowest tests took up to ~10 s in a full run on 2 cores (the crash test, which
  // sets its own, excepted): 120 s leaves room for a machine several times as busy.
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Real databases, argon2 and fast-check runs: generous, but no test asserts on time.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Project names carry the engine: `node (postgres)` in the output is a suite on PostgreSQL.
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'packages/domain/src/**/*.test.ts',
            'packages/api/src/**/*.test.ts',
            // The example receivers' own tests (no database, a loopback server at most).
            'examples/*/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'node (sqlite)',
          environment: 'node',
          include: ['packages/db/src/**/*.test.ts', ...SERVER_SUITES],
          exclude: [...configDefaults.exclude, ...SLOW_SUITES, ...POSTGRES_ENGINE_SUITES],
        },
      },
      {
        test: {
          name: 'slow (sqlite)',
          environment: 'node',
          include: SLOW_SUITES,
          ...SLOW,
        },
      },
      {
        test: {
          name: 'node (postgres)',
          environment: 'node',
          include: [...POSTGRES_ENGINE_SUITES, ...SERVER_SUITES],
          exclude: [...configDefaults.exclude, ...SLOW_SUITES],
          ...POSTGRES,
        },
      },
      {
        test: {
          name: 'slow (postgres)',
          environment: 'node',
          include: SLOW_SERVER_SUITES,
          ...SLOW,
          ...POSTGRES,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['apps/web/src/**/*.test.{ts,tsx}'],
          setupFiles: ['apps/web/test/setup.ts'],
        },
      },
    ],
  },
});
