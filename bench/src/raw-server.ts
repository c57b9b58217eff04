// The raw limit: plain node:http + better-sqlite3 doing the lookups `accounts.diagnose` does
// (logins by identifier, accounts by contact email, each matched account's logins, blocks,
// checks, card, address and recent charges, and the tombstone hash) with prepared statements,
// no framework, no session, no domain rules. `node bench/src/raw-server.ts <db> <port>`.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const [path, portArg] = process.argv.slice(2);
if (!path) throw new Error('usage: raw-server.ts <database> [port]');
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('cache_size = -65536');
const key =
  (
    db.prepare("SELECT value FROM server_secrets WHERE name = 'identifier_hash_key'").get() as
      | { value: string }
      | undefined
  )?.value ?? 'k';

const byIdentifier = db.prepare('SELECT account_id FROM logins WHERE identifier = ?').pluck();
const byContact = db.prepare('SELECT id FROM accounts WHERE contact_email = ?').pluck();
const account = db.prepare('SELECT * FROM accounts WHERE id = ?');
const logins = db.prepare('SELECT * FROM logins WHERE account_id = ?');
const blocks = db.prepare('SELECT * FROM blocks WHERE account_id = ?');
const checks = db.prepare('SELECT * FROM identity_checks WHERE account_id = ?');
const card = db.prepare('SELECT brand, last4 FROM cards WHERE account_id = ?');
const address = db.prepare('SELECT * FROM billing_addresses WHERE account_id = ?');
const charges = db.prepare(
  'SELECT at, amount_cents, outcome FROM charges WHERE account_id = ? ORDER BY at DESC LIMIT 20',
);
const tombstone = db.prepare(
  'SELECT t.* FROM tombstone_identifiers i JOIN tombstones t ON t.account_id = i.account_id WHERE i.identifier_hash = ?',
);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://raw');
  const identifier = (url.searchParams.get('identifier') ?? '')
    .trim()
    .normalize('NFC')
    .toLowerCase();
  const ids = new Set<string>([
    ...(byIdentifier.all(identifier) as string[]),
    ...(byContact.all(identifier) as string[]),
  ]);
  const accounts = [...ids].map((id) => ({
    account: account.get(id),
    logins: logins.all(id),
    blocks: blocks.all(id),
    checks: checks.all(id),
    card: card.get(id) ?? null,
    address: address.get(id) ?? null,
    charges: charges.all(id),
  }));
  const tombstones = tombstone.all(createHmac('sha256', key).update(identifier).digest('hex'));
  const body = JSON.stringify({ identifier, accounts, tombstones });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}).listen(Number(portArg ?? 0), '127.0.0.1', function (this: import('node:http').Server) {
  const address = this.address();
  process.stdout.write(
    `${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
