import { describeQueryPlans } from './query-plans-suite.ts';

// Run by the PostgreSQL project (vitest.config.ts: `*-pg.test.ts`); on SQLite, query-plans.test.ts.
describeQueryPlans();
