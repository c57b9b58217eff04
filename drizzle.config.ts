import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; the server applies them at start.
// One schema per engine, same tables and names: `pnpm db:generate` runs drizzle-kit once for
// each, this variable choosing which (SQLite unless it says postgres).
const engine = process.env.LIFELINE_DRIZZLE_ENGINE ?? 'sqlite';
if (engine !== 'sqlite' && engine !== 'postgres') {
  throw new Error(`LIFELINE_DRIZZLE_ENGINE must be sqlite or postgres, not ${engine}`);
}

export default defineConfig(
  engine === 'postgres'
    ? {
        dialect: 'postgresql',
        schema: './packages/db/src/schema-pg/index.ts',
        out: './packages/db/drizzle-pg',
        strict: true,
        verbose: true,
      }
    : {
        dialect: 'sqlite',
        schema: './packages/db/src/schema/index.ts',
        out: './packages/db/drizzle',
        strict: true,
        verbose: true,
      },
);
