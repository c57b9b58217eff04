import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError, type Db, type LifelineDb, openDatabase } from './client.ts';
import { ADVISORY_LOCK_CLASS, PG_MIGRATIONS_FOLDER, WRITE_LOCK_ID } from './client-pg.ts';
import * as pgSchema from './schema-pg/index.ts';
import { tables } from './tables.ts';
import { createTestDatabase, openPostgresTestDatabase, type TestDatabase } from './testing-pg.ts';

type TestDb = Awaited<ReturnType<typeof openPostgresTestDatabase>>;

/** A plain connection beside the application's: another server, or a shell. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Connections of the application still open on the database (pg_stat_activity). */
async function lifelineSessions(admin: pg.Client, url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const result = await admin.query<{ n: number }>(
    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'lifeline'",
    [name],
  );
  return result.rows[0]?.n ?? -1;
}

/** The table through the handle, as the repositories take it (the PostgreSQL schema's here). */
const secrets = (handle: Db) => tables(handle).serverSecrets;

/** What the handle is on PostgreSQL, for raw SQL (`Db` is typed as SQLite's). */
const onPostgres = (handle: Db) => handle as unknown as NodePgDatabase<typeof pgSchema>;

async function rowsOf(handle: Db, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return (await onPostgres(handle).execute(query)).rows;
}

async function secretCount(db: LifelineDb): Promise<number> {
  const [row] = (await rowsOf(db.read, sql`SELECT count(*) AS n FROM server_secrets`)) as Array<{
    n: number;
  }>;
  return row?.n ?? -1;
}

describe('PostgreSQL client: opening', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('migrates an empty database once, even opened by two servers at once, and says so', async () => {
    // Each committed migration applied once: as many rows as drizzle-kit's journal has entries.
    const journal = JSON.parse(
      readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    const migrationCount = journal.entries.length;
    const [first, second] = [openDatabase(database.url), openDatabase(database.url)];
    try {
      await Promise.all([first.ready, second.ready]);
      expect(first.engine).toBe('postgres');
      expect(await first.health()).toEqual({ ok: true, migrationsApplied: true });
      expect(await second.health()).toEqual({ ok: true, migrationsApplied: true });
      expect(
        await rowsOf(first.read, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`),
      ).toEqual([{ n: migrationCount }]);
      expect(
        await rowsOf(
          first.read,
          sql`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        ),
      ).toEqual([{ n: Object.keys(pgSchema).length }]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('logs its URL without the password', () => {
    const db = openDatabase('postgres://app:s3cret@db.internal:5432/lifeline', { migrate: false });
    expect(db.path).toBe('postgres://app@db.internal:5432/lifeline');
    expect(db.sqliteWriter).toBeUndefined();
    return db.close();
  });

  it('reports not ready, without throwing, when migrations were not applied', async () => {
    const empty = await createTestDatabase();
    const db = openDatabase(empty.url, { migrate: false });
    try {
      expect(await db.health()).toEqual({ ok: true, migrationsApplied: false });
    } finally {
      await db.close();
      await empty.drop();
    }
  });

  it('closes every connection it opened', async () => {
    const admin = await connect(database.url);
    try {
      const db = openDatabase(database.url);
      await Promise.all([
        db.health(),
        secretCount(db),
        secretCount(db),
        db.transaction((tx) => tx.select().from(secrets(tx))),
      ]);
      expect(await lifelineSessions(admin, database.url)).toBeGreaterThan(0);
      await db.close();
      // A backend ends just after its client hangs up: wait for the statistics to catch up.
      await expect.poll(() => lifelineSessions(admin, database.url), { timeout: 20_000 }).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

describe('PostgreSQL client: transactions', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openPostgresTestDatabase();
  });
  afterAll(() => db.dispose());
  afterEach(async () => {
    await db.transaction((tx) => tx.delete(secrets(tx)));
  });

  it('serialises the writers of two servers: 20 read-then-write increments make +20', async () => {
    const other = openDatabase(db.url, { poolSize: 2 });
    try {
      await db.transaction((tx) =>
        tx.insert(secrets(tx)).values({ name: 'counter', value: '0', createdAt: Date.now() }),
      );
      const increment = (server: LifelineDb) =>
        server.transaction(async (tx) => {
          const serverSecrets = secrets(tx);
          const [row] = await tx
            .select({ value: serverSecrets.value })
            .from(serverSecrets)
            .where(eq(serverSecrets.name, 'counter'))
            .limit(1);
          // Hand the event loop over between the read and the write, where a race would bite.
          await new Promise((resolve) => setImmediate(resolve));
          await tx
            .update(serverSecrets)
            .set({ value: String(Number(row?.value) + 1) })
            .where(eq(serverSecrets.name, 'counter'));
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? other : db)));
      const serverSecrets = secrets(db.read);
      const [row] = await db.read
        .select({ value: serverSecrets.value })
        .from(serverSecrets)
        .where(eq(serverSecrets.name, 'counter'));
      expect(row?.value).toBe('20');
    } finally {
      await other.close();
    }
  });

  it('rolls the whole transaction back when the work throws, and goes on', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(secrets(tx)).values({ name: 'a', value: 'b', createdAt: 1 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await secretCount(db)).toBe(0);
    await db.transaction((tx) =>
      tx.insert(secrets(tx)).values({ name: 'a', value: 'b', createdAt: 1 }),
    );
    expect(await secretCount(db)).toBe(1);
  });

  it('refuses to report success when a failed statement was caught inside the work', async () => {
    await db.transaction((tx) =>
      tx.insert(secrets(tx)).values({ name: 'taken', value: 'x', createdAt: 1 }),
    );
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(secrets(tx)).values({ name: 'kept?', value: 'x', createdAt: 1 });
        await tx
          .insert(secrets(tx))
          .values({ name: 'taken', value: 'y', createdAt: 1 })
          .catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await secretCount(db)).toBe(1);
  });

  it('gives DatabaseBusyError, nothing written, when another connection keeps the write lock past the deadline', async () => {
    const impatient = openDatabase(db.url, { lockDeadlineMs: 300 });
    const holder = await connect(db.url);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [
        ADVISORY_LOCK_CLASS,
        WRITE_LOCK_ID,
      ]);
      let waits = 0;
      let ran = false;
      const waiting = openDatabase(db.url, {
        lockDeadlineMs: 300,
        migrate: false,
        onLockWait: () => {
          waits += 1;
        },
      });
      try {
        await expect(
          waiting.transaction(async (tx) => {
            ran = true;
            await tx.insert(secrets(tx)).values({ name: 'late', value: 'x', createdAt: 1 });
          }),
        ).rejects.toBeInstanceOf(DatabaseBusyError);
        expect(ran).toBe(false);
        expect(waits).toBe(1);
        // Reads never take the lock.
        expect(await secretCount(impatient)).toBe(0);
      } finally {
        await waiting.close();
      }
      await holder.query('ROLLBACK');
      await impatient.transaction((tx) =>
        tx.insert(secrets(tx)).values({ name: 'later', value: 'x', createdAt: 1 }),
      );
      expect(await secretCount(db)).toBe(1);
    } finally {
      await holder.end();
      await impatient.close();
    }
  });

  it('waits for the write lock and goes on once it is released within the deadline', async () => {
    const holder = await connect(db.url);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [
        ADVISORY_LOCK_CLASS,
        WRITE_LOCK_ID,
      ]);
      const patient = openDatabase(db.url, {
        migrate: false,
        onLockWait: () => void holder.query('COMMIT'),
      });
      try {
        await patient.transaction((tx) =>
          tx.insert(secrets(tx)).values({ name: 'patient', value: 'x', createdAt: 1 }),
        );
        expect(await secretCount(db)).toBe(1);
      } finally {
        await patient.close();
      }
    } finally {
      await holder.end();
    }
  });

  it('refuses writes through the read connections', async () => {
    const error: unknown = await db.read
      .insert(secrets(db.read))
      .values({ name: 'x', value: 'y', createdAt: 1 })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    // read_only_sql_transaction
    expect((error as { cause?: { code?: string } } | null)?.cause?.code).toBe('25006');
  });

  it('reads bigints and counts back as numbers, as SQLite does', async () => {
    const at = Date.UTC(2030, 0, 1);
    await db.transaction((tx) =>
      tx.insert(secrets(tx)).values({ name: 'n', value: 'x', createdAt: at }),
    );
    const [row] = await db.read.select().from(secrets(db.read));
    expect(row?.createdAt).toBe(at);
    expect(
      await rowsOf(
        db.read,
        sql`SELECT count(*) AS n, sum(created_at) AS total, max(created_at) AS latest FROM server_secrets`,
      ),
    ).toEqual([{ n: 1, total: at, latest: at }]);
  });
});
