import { DataSource } from 'typeorm';
import { infrastructureFaultOf } from '@dx/contracts';
import { createTestDatabase, waitFor, type TestDatabase } from '@dx/testing';
import { createServiceDataSource } from '@dx/persistence';

/*
 * The idle-in-transaction limit on the real server: a transaction the process leaves open (a
 * frozen pod, a stuck await) is ended by PostgreSQL, its locks released, the failure classified as
 * the infrastructure's (retried, 503), and the pool serves the next request.
 */
let db: TestDatabase;
let ds: DataSource;
let admin: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = await new DataSource({ type: 'postgres', url: db.adminUrl }).initialize();
  await admin.query(`CREATE SCHEMA probe`);
  await admin.query(`CREATE TABLE probe.rows (id int PRIMARY KEY, n int NOT NULL)`);
  await admin.query(`INSERT INTO probe.rows VALUES (1, 0)`);
  ds = await createServiceDataSource({
    service: 'probe',
    url: db.adminUrl,
    migrations: [],
    poolSize: 2,
    idleInTransactionTimeoutMs: 1000,
  }).initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await admin?.destroy();
  await db?.drop();
});

it('every pooled session carries the limit', async () => {
  const [row] = await ds.query(`SHOW idle_in_transaction_session_timeout`);
  expect(row.idle_in_transaction_session_timeout).toBe('1s');
});

it('ends a transaction left idle, releases its row lock, and the pool recovers', async () => {
  const qr = ds.createQueryRunner();
  await qr.startTransaction();
  await qr.query(`UPDATE probe.rows SET n = n + 1 WHERE id = 1`);
  const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);

  // The session is gone once the server has ended it (nothing in this process touched it).
  await waitFor(() => admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid]), {
    until: (rows) => rows.length === 0,
    timeoutMs: 10_000,
    what: 'the idle transaction to be ended by the server',
  });
  // Its lock is released and its update rolled back: another writer goes through at once.
  await admin.query(`SET lock_timeout = '1s'`);
  await admin.query(`UPDATE probe.rows SET n = n + 10 WHERE id = 1`);
  expect((await admin.query(`SELECT n FROM probe.rows WHERE id = 1`))[0].n).toBe(10);

  // The process learns on its next statement, as a fault of the infrastructure, not of the work.
  const error = await qr.query(`SELECT 1`).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(infrastructureFaultOf(error)).toBeDefined();
  await qr.release().catch(() => undefined);

  // The pool drops the dead client and serves the next request.
  expect(await ds.query(`SELECT n FROM probe.rows WHERE id = 1`)).toEqual([{ n: 10 }]);
});
