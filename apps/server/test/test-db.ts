/**
 * The tests' raw SQL, the same on SQLite and PostgreSQL: `sql`, `one`, `count`, `exec` and
 * `engine` (on a TestServer, or `testSql(db)` on a database a test opened), and the few helpers
 * where the engines' SQL differs. Its one home is @lifeline/db's testing module, which that
 * package's own tests share; the module is no package export, hence the path.
 */
export * from '../../../packages/db/src/testing.ts';
