// The raw limit on PostgreSQL: plain node:http + a pg Pool doing the lookups raw-server.ts does
// (logins by identifier, accounts by contact email, each matched account's logins, blocks,
// checks, card, address and recent charges, and the tombstone hash), one after the other as
// the server does, each a named statement (parsed and planned once per connection), no
// framework, no session, no domain rules. The pool has the size of the server's read pool.
// `node bench/src/raw-server-pg.ts <postgres-url> [port] [pool size]`
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

const [url, portArg, poolArg] = process.argv.slice(2);
if (!url) throw new Error('usage: raw-server-pg.ts <postgres-url> [port] [pool size]');

// As the server's client does (client-pg.ts): bigint columns (epoch milliseconds) as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

const pool = new pg.Pool({
  connectionString: url,
  max: Number(poolArg ?? 10),
  application_name: 'lifeline-raw',
  keepAlive: true,
  // Like the server's read pool.
  options: '-c default_transaction_read_only=on',
});
pool.on('error', () => undefined);

const key =
  (
    await pool.query<{ value: string }>(
      "SELECT value FROM server_secrets WHERE name = 'identifier_hash_key'",
    )
  ).rows[0]?.value ?? 'k';

function named<Row extends pg.QueryResultRow>(name: string, text: string) {
  return async (value: string): Promise<Row[]> =>
    (await pool.query<Row>({ name, text, values: [value] })).rows;
}

const byIdentifier = named<{ account_id: string }>(
  'raw_by_identifier',
  'SELECT account_id FROM logins WHERE identifier = $1',
);
const byContact = named<{ id: string }>(
  'raw_by_contact',
  'SELECT id FROM accounts WHERE contact_email = $1',
);
const account = named('raw_account', 'SELECT * FROM accounts WHERE id = $1');
const logins = named('raw_logins', 'SELECT * FROM logins WHERE account_id = $1');
const blocks = named('raw_blocks', 'SELECT * FROM blocks WHERE account_id = $1');
const checks = named('raw_checks', 'SELECT * FROM identity_checks WHERE account_id = $1');
const card = named('raw_card', 'SELECT brand, last4 FROM cards WHERE account_id = $1');
const address = named('raw_address', 'SELECT * FROM billing_addresses WHERE account_id = $1');
const charges = named(
  'raw_charges',
  'SELECT at, amount_cents, outcome FROM charges WHERE account_id = $1 ORDER BY at DESC LIMIT 20',
);
const tombstone = named(
  'raw_tombstone',
  'SELECT t.* FROM tombstone_identifiers i JOIN tombstones t ON t.account_id = i.account_id WHERE i.identifier_hash = $1',
);

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://raw');
  const identifier = (url.searchParams.get('identifier') ?? '')
    .trim()
    .normalize('NFC')
    .toLowerCase();
  const ids = new Set<string>([
    ...(await byIdentifier(identifier)).map((row) => row.account_id),
    ...(await byContact(identifier)).map((row) => row.id),
  ]);
  const accounts = [];
  for (const id of ids) {
    accounts.push({
      account: (await account(id))[0],
      logins: await logins(id),
      blocks: await blocks(id),
      checks: await checks(id),
      card: (await card(id))[0] ?? null,
      address: (await address(id))[0] ?? null,
      charges: await charges(id),
    });
  }
  const tombstones = await tombstone(createHmac('sha256', key).update(identifier).digest('hex'));
  const body = JSON.stringify({ identifier, accounts, tombstones });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
}).listen(Number(portArg ?? 0), '127.0.0.1', function (this: import('node:http').Server) {
  const address = this.address();
  process.stdout.write(
    `${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
