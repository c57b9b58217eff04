import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that start OS processes or load the server: one file at a time, with budgets measured on
 * the 2-core machine under the full run (and other runs beside it), not guessed.
 */
const SLOW_SUITES = [
  'apps/server/test/hardening/**/*.test.ts',
  'apps/server/test/cli-jobs.test.ts',
  'apps/server/test/outbox-sender.test.ts',
  'apps/server/test/process.test.ts',
  'apps/server/test/staff.test.ts',
  'bench/src/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Real SQLite files, argon2 and fast-check runs: generous, but no test asserts on time.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/server/test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...SLOW_SUITES],
        },
      },
      {
        test: {
          name: 'slow',
          environment: 'node',
          include: SLOW_SUITES,
          // Two of these at once (a load test beside the crash test) starve each other on a small
          // machine; alone, each still shares the CPU with the other project and other runs.
          fileParallelism: false,
          // Their slowest tests took up to ~10 s in a full run on 2 cores (the crash test, which
          // sets its own, excepted): 120 s leaves room for a machine several times as busy.
          testTimeout: 120_000,
          hookTimeout: 120_000,
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
