import Database from 'better-sqlite3';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './client.ts';
import * as sqliteSchema from './schema/index.ts';
import * as pgSchema from './schema-pg/index.ts';
import type { TestSql } from './testing.ts';

/** One statement as the repositories sent it: its SQL text and the values bound to it. */
export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * A handle on the database at `location` (a SQLite file or a PostgreSQL URL with its password)
 * made as client.ts makes its own, plus drizzle's logger: every statement a repository runs
 * through it lands in `statements`, so a plan test explains the SQL the code really sends.
 */
export function recordingHandle(location: string): {
  handle: Db;
  statements: RecordedStatement[];
  close(): Promise<void>;
} {
  const statements: RecordedStatement[] = [];
  const logger: Logger = {
    logQuery(sql, params) {
      statements.push({ sql, params });
    },
  };
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 1 });
    const handle = drizzlePostgres({ client: pool, schema: pgSchema, logger }) as unknown as Db;
    return { handle, statements, close: () => pool.end() };
  }
  const connection = new Database(location, { fileMustExist: true });
  const handle = drizzleSqlite({ client: connection, schema: sqliteSchema, logger });
  return {
    handle,
    statements,
    close: async () => {
      connection.close();
    },
  };
}

/** How the engine would run a statement: its plan as text, and the tables it reads in full. */
export interface QueryPlan {
  text: string;
  fullScans: string[];
}

/**
 * The plan of one statement with the values it ran with. SQLite: EXPLAIN QUERY PLAN, where a
 * `SCAN <table>` row (with or without an index: a whole index is no better) reads every row.
 * PostgreSQL: EXPLAIN (FORMAT JSON) with sequential scans priced out (`enable_seqscan = off`),
 * since on test-sized tables a Seq Scan is always the cheapest: one left means no index serves,
 * and so does an index scan with no Index Cond (the planner's stand-in: the whole index, read
 * in its order).
 */
export async function explainPlan(
  db: TestSql,
  statement: RecordedStatement,
  tables: readonly string[],
): Promise<QueryPlan> {
  if (db.engine === 'sqlite') {
    const rows = await db.sql<{ id: number; parent: number; detail: string }>(
      `EXPLAIN QUERY PLAN ${statement.sql}`,
      ...statement.params,
    );
    const depth = new Map<number, number>([[0, 0]]);
    const lines = rows.map((row) => {
      const level = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, level);
      return `${'  '.repeat(level - 1)}${row.detail}`;
    });
    const fullScans = rows.flatMap((row) => {
      const table = /^SCAN (\S+)/.exec(row.detail)?.[1];
      return table !== undefined && tables.includes(table) ? [table] : [];
    });
    return { text: lines.join('\n'), fullScans };
  }
  await db.exec('BEGIN; SET LOCAL enable_seqscan = off;');
  try {
    const [row] = await db.sql<{ 'QUERY PLAN': Array<{ Plan: PgPlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${statement.sql}`,
      ...statement.params,
    );
    const root = row?.['QUERY PLAN'][0]?.Plan;
    if (root === undefined) throw new Error(`no plan for ${statement.sql}`);
    const lines: string[] = [];
    const fullScans: string[] = [];
    const walk = (node: PgPlanNode, level: number) => {
      const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
      const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
      const backward = node['Scan Direction'] === 'Backward' ? ' Backward' : '';
      const cond = node['Index Cond'] ? ` (${node['Index Cond']})` : '';
      lines.push(`${'  '.repeat(level)}${node['Node Type']}${backward}${using}${on}${cond}`);
      const wholeIndex = /^Index (Only )?Scan$/.test(node['Node Type']) && !node['Index Cond'];
      if ((node['Node Type'] === 'Seq Scan' || wholeIndex) && node['Relation Name'])
        fullScans.push(node['Relation Name']);
      for (const child of node.Plans ?? []) walk(child, level + 1);
    };
    walk(root, 0);
    return { text: lines.join('\n'), fullScans };
  } finally {
    await db.exec('ROLLBACK');
  }
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Scan Direction'?: string;
  Plans?: PgPlanNode[];
}
