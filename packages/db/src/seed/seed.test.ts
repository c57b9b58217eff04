import { DAY, diagnose, type FindingCode } from '@lifeline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiagnosisInput } from '../repositories/diagnosis.ts';
import { openTestDatabase, testSql } from '../testing.ts';
import { SCENARIO_FIRST_FINDING, SCENARIO_IDENTIFIERS, seedDemoData } from './index.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const KEY = 'test-identifier-hash-key-0123456789abcdef';

describe('demo data', () => {
  let db: ReturnType<typeof openTestDatabase>;
  beforeAll(async () => {
    db = openTestDatabase();
    await seedDemoData(db, { accounts: 2000, now: NOW, identifierHashKey: KEY });
  });
  afterAll(() => db.dispose());

  async function diagnoseAt(identifier: string, now = NOW) {
    return diagnose(await loadDiagnosisInput(db.read, identifier, KEY), now);
  }

  it.each(SCENARIO_IDENTIFIERS.map((id) => [id, SCENARIO_FIRST_FINDING[id]]))(
    '%s diagnoses as %s',
    async (identifier, code) => {
      const diagnosis = await diagnoseAt(`  ${identifier.toUpperCase()} `);
      expect(diagnosis.findings[0]?.code).toBe(code);
    },
  );

  it('dates the scenarios as SPEC §10 describes', async () => {
    const facts = async (identifier: string, code: FindingCode) => {
      const finding = (await diagnoseAt(identifier)).findings.find((f) => f.code === code);
      return finding?.facts as Record<string, unknown>;
    };
    expect(await facts('cancelled.recent@example.com', 'deactivated_reactivatable')).toMatchObject({
      daysLeft: 110,
    });
    expect(await facts('asked.to.close@example.com', 'deactivated_reactivatable')).toMatchObject({
      daysLeft: 1,
    });
    expect(await facts('unpaid.closed@example.com', 'deactivated_reactivatable')).toMatchObject({
      daysLeft: 20,
      statusAfter: 'limited',
    });
    expect(await facts('trial.ended@example.com', 'deactivated_reactivatable')).toMatchObject({
      statusAfter: 'active',
      planAfter: 'free',
    });
    expect(await facts('locked.out@example.com', 'login_locked')).toMatchObject({
      permanent: false,
      lockedUntil: NOW + 5 * 60_000,
    });
    expect(await facts('hard.locked@example.com', 'login_locked')).toMatchObject({
      permanent: true,
    });
    expect(await facts('limited.dunning@example.com', 'limited_payment_failed')).toMatchObject({
      dayOfDunning: 21,
      deactivatesAt: NOW + 70 * DAY,
      nextRetryAt: NOW + 10 * DAY,
    });
    expect(await facts('kyc.pending@example.com', 'identity_check_required')).toMatchObject({
      checkStatus: 'submitted',
      dueAt: NOW + 18 * 3_600_000,
      overdue: false,
    });
    expect(await facts('kyc.todo@example.com', 'identity_check_required')).toMatchObject({
      checkStatus: 'not_started',
    });
  });

  it('finds the username account from its contact email', async () => {
    const diagnosis = await diagnoseAt('J.Dupont@example.fr');
    expect(diagnosis.findings.map((f) => f.code)).toContain('username_login');
  });

  it('closes the asked-to-close window within the hour and keeps window.closed unpurged', async () => {
    expect(
      (await diagnoseAt('asked.to.close@example.com', NOW + 3_600_000)).findings[0]?.code,
    ).toBe('deactivated_window_closed');
  });

  it('suggests near matches for a typo without matching it', async () => {
    const diagnosis = await diagnoseAt('ok.ownr@example.com');
    expect(diagnosis.findings[0]?.code).toBe('identifier_not_found');
    expect(diagnosis.findings[0]?.facts).toMatchObject({ nearMatches: ['ok.owner@example.com'] });
  });

  it('generates a plausible mix of accounts', async () => {
    const raw = testSql(db);
    const byStatus = Object.fromEntries(
      (
        await raw.sql<{ status: string; n: number | string }>(
          'SELECT status, count(*) AS n FROM accounts GROUP BY status',
        )
      ).map((r) => [r.status, Number(r.n)]),
    );
    expect(byStatus.active).toBeGreaterThan(1400);
    expect(byStatus.limited).toBeGreaterThan(20);
    expect(byStatus.deactivated).toBeGreaterThan(100);
    const teamMembers = await raw.count("SELECT count(*) FROM logins WHERE role = 'team_member'");
    expect(teamMembers).toBeGreaterThan(200);
  });

  it('repeats exactly for the same seed', async () => {
    const other = openTestDatabase();
    try {
      await seedDemoData(other, { accounts: 50, now: NOW, identifierHashKey: KEY });
      // The smaller seeding is the start of the larger one: the same ids, with the same emails.
      const accountsOf = (database: typeof db) =>
        testSql(database).sql<{ id: string; contact_email: string }>(
          'SELECT id, contact_email FROM accounts ORDER BY id',
        );
      const larger = new Map((await accountsOf(db)).map((r) => [r.id, r.contact_email]));
      const smaller = await accountsOf(other);
      expect(smaller.length).toBeGreaterThan(50);
      expect(smaller.map((r) => [r.id, larger.get(r.id)])).toEqual(
        smaller.map((r) => [r.id, r.contact_email]),
      );
    } finally {
      other.dispose();
    }
  });
});
