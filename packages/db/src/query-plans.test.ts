import { describeQueryPlans } from './query-plans-suite.ts';

// The same suite on PostgreSQL: query-plans-pg.test.ts.
describeQueryPlans();
