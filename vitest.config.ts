import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    // fast-check property runs and real SQLite files: keep the default pool, no shared state.
    testTimeout: 20_000,
  },
});
