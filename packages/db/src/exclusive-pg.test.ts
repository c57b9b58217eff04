import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LifelineDb, openDatabase } from './client.ts';
import { openPostgresTestDatabase } from './testing-pg.ts';

/** Two servers on one PostgreSQL database: the scheduler's pass runs on one at a time. */
describe('exclusively, on PostgreSQL', () => {
  let first: Awaited<ReturnType<typeof openPostgresTestDatabase>>;
  let second: LifelineDb;
  beforeAll(async () => {
    first = await openPostgresTestDatabase();
    second = openDatabase(first.url);
    await second.ready;
  });
  afterAll(async () => {
    await second.close();
    await first.dispose();
  });

  it('skips a pass another server is running, and runs the next one', async () => {
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const running = first.exclusively('scheduler', async () => {
      entered();
      await holding;
      return 'first';
    });
    await inside;
    // While the first server holds the pass, the second one's is skipped, on either handle.
    expect(await second.exclusively('scheduler', async () => 'second')).toBeNull();
    expect(await first.exclusively('scheduler', async () => 'again')).toBeNull();
    release();
    expect(await running).toBe('first');
    // Released: the next pass goes through, and a failing pass releases it too.
    await expect(
      second.exclusively('scheduler', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await first.exclusively('scheduler', async () => 'next')).toBe('next');
  });
});
