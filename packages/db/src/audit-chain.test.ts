import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, findAuditHead, verifyAuditChain } from './audit.ts';
import { dropAppendOnlyGuard, openTestDatabase, testSql } from './testing.ts';

// SPEC §8 written out a second time, independently of audit.ts (no `auditHash`, no
// `canonicalize` package): hash = SHA-256(prevHash + canonical JSON of the event), the first
// prevHash 64 zeros. If the code drifts from the formula (drops prevHash, a field, the sort), the
// stored hashes stop matching these.

const GENESIS = '0'.repeat(64);

interface StoredRow {
  id: number;
  at: number;
  staff_id: string;
  action: string;
  account_id: string | null;
  login_id: string | null;
  ticket_ref: string | null;
  verification_id: string | null;
  outcome: string;
  reason: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** RFC 8785 for what an event holds (strings, integers, null, objects): keys sorted, no spaces. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** The event as hashed: every column but the two hashes, `details` as JSON rather than text. */
function canonicalEvent(row: StoredRow): string {
  return canonicalJson({
    id: row.id,
    at: row.at,
    staffId: row.staff_id,
    action: row.action,
    outcome: row.outcome,
    accountId: row.account_id,
    loginId: row.login_id,
    ticketRef: row.ticket_ref,
    verificationId: row.verification_id,
    reason: row.reason,
    details: JSON.parse(row.details) as unknown,
  });
}

function expectedHash(prevHash: string, row: StoredRow): string {
  return createHash('sha256')
    .update(prevHash + canonicalEvent(row))
    .digest('hex');
}

describe('audit chain: the hash formula of SPEC §8', () => {
  let db: ReturnType<typeof openTestDatabase>;
  beforeEach(() => {
    db = openTestDatabase();
  });
  afterEach(() => db.dispose());

  const storedRows = () => testSql(db).sql<StoredRow>('SELECT * FROM audit_events ORDER BY id');

  /** Four events that differ in every optional field; details with nested, unsorted keys. */
  async function appendFour() {
    const appended: Array<{ id: number; hash: string }> = [];
    const inputs = [
      {
        at: 1_700_000_000_001,
        staffId: 'stf_agent',
        action: 'account.reactivate',
        outcome: 'succeeded',
        accountId: 'acc_1',
        ticketRef: 'T-1',
        details: { before: { status: 'deactivated' }, after: { status: 'active' } },
      },
      {
        at: 1_700_000_000_002,
        staffId: 'stf_agent',
        action: 'login.unlock',
        outcome: 'refused',
        accountId: 'acc_2',
        loginId: 'lgn_2',
        ticketRef: 'T-2',
        verificationId: 'ver_2',
        reason: 'VERIFICATION_REQUIRED',
        details: { message: 'Verify the caller first', zeta: [3, { b: 1, a: null }] },
      },
      {
        at: 1_700_000_000_003,
        staffId: 'system',
        action: 'job.purge',
        outcome: 'succeeded',
      },
      {
        at: 1_700_000_000_004,
        staffId: 'stf_lead',
        action: 'block.lift',
        outcome: 'succeeded',
        accountId: 'acc_4',
        ticketRef: 'T-4',
        details: { note: 'Évité — “quoted”', after: { liftedAt: 1_700_000_000_004 } },
      },
    ] as const;
    for (const input of inputs) {
      appended.push(await db.transaction((tx) => appendAuditEvent(tx, input)));
    }
    return appended;
  }

  it('stores SHA-256(prevHash + canonical JSON) for each event, linked from 64 zeros', async () => {
    const appended = await appendFour();
    const rows = await storedRows();
    expect(rows).toHaveLength(4);

    // The canonical form of the first event, written out: keys sorted at every level, nulls kept,
    // details as an object.
    expect(canonicalEvent(rows[0] as StoredRow)).toBe(
      '{"accountId":"acc_1","action":"account.reactivate","at":1700000000001,' +
        '"details":{"after":{"status":"active"},"before":{"status":"deactivated"}},' +
        '"id":1,"loginId":null,"outcome":"succeeded","reason":null,"staffId":"stf_agent",' +
        '"ticketRef":"T-1","verificationId":null}',
    );

    let prevHash = GENESIS;
    for (const [i, row] of rows.entries()) {
      expect(row.id, 'ids count up from 1').toBe(i + 1);
      expect(row.prev_hash, `prevHash of event ${row.id}`).toBe(prevHash);
      expect(row.hash, `hash of event ${row.id}`).toBe(expectedHash(prevHash, row));
      expect(appended[i]).toEqual({ id: row.id, hash: row.hash });
      prevHash = row.hash;
    }
    expect(rows[0]?.prev_hash).toBe(GENESIS);
    expect(await findAuditHead(db.read)).toEqual({ id: 4, hash: rows[3]?.hash });
    expect(await verifyAuditChain(db.read)).toEqual({ ok: true, checked: 4 });
  });

  describe('an event edited behind the triggers and re-hashed with the formula', () => {
    const setRow = async (id: number, changes: Partial<StoredRow>) => {
      const columns = Object.keys(changes);
      await testSql(db).sql(
        `UPDATE audit_events SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        ...Object.values(changes),
        id,
      );
    };
    const row = async (id: number) => (await storedRows()).find((r) => r.id === id) as StoredRow;

    /** Event 2 gets other details and a hash that is right for them and its own prevHash. */
    async function forgeEventTwo() {
      await dropAppendOnlyGuard(testSql(db), 'audit_events', 'update');
      const edited = { ...(await row(2)), details: '{"message":"Nothing to see here"}' };
      const hash = expectedHash(edited.prev_hash, edited);
      await setRow(2, { details: edited.details, hash });
      return hash;
    }

    beforeEach(async () => {
      await appendFour();
    });

    it('is caught at the next event, whose prevHash no longer names it', async () => {
      await forgeEventTwo();
      expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 2, firstBrokenId: 3 });
    });

    it('with the next prevHash re-linked, is caught at the next event, whose hash no longer holds', async () => {
      const forged = await forgeEventTwo();
      await setRow(3, { prev_hash: forged });
      expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 2, firstBrokenId: 3 });
    });

    it('with the next event re-linked and re-hashed too, is caught one further on', async () => {
      const forged = await forgeEventTwo();
      const three = { ...(await row(3)), prev_hash: forged };
      await setRow(3, { prev_hash: forged, hash: expectedHash(forged, three) });
      expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 3, firstBrokenId: 4 });
    });

    it('rewritten to the end, still verifies, but no longer reaches the head recorded before', async () => {
      const head = await findAuditHead(db.read);
      let prevHash = await forgeEventTwo();
      for (const id of [3, 4]) {
        const relinked = { ...(await row(id)), prev_hash: prevHash };
        prevHash = expectedHash(prevHash, relinked);
        await setRow(id, { prev_hash: relinked.prev_hash, hash: prevHash });
      }
      // The chain is internally consistent again: only an anchor kept outside the database shows it.
      expect(await verifyAuditChain(db.read)).toEqual({ ok: true, checked: 4 });
      expect(await findAuditHead(db.read)).not.toEqual(head);
    });

    it('is caught at the edited event itself when its hash leaves prevHash out', async () => {
      await dropAppendOnlyGuard(testSql(db), 'audit_events', 'update');
      // A forger who hashes only the event, and keeps every link consistent with that.
      let prevHash = (await row(1)).hash;
      for (const id of [2, 3, 4]) {
        const event = { ...(await row(id)), prev_hash: prevHash };
        if (id === 2) event.details = '{"message":"Nothing to see here"}';
        const hash = createHash('sha256').update(canonicalEvent(event)).digest('hex');
        await setRow(id, { details: event.details, prev_hash: prevHash, hash });
        prevHash = hash;
      }
      expect(await verifyAuditChain(db.read)).toEqual({ ok: false, checked: 1, firstBrokenId: 2 });
    });
  });
});
