import { Client } from 'pg';
import { createServiceDataSource } from '@dx/persistence';
import { createTestDatabase, runMigrationCommand, type TestDatabase } from '@dx/testing';

/*
 * Least privilege in PostgreSQL (init.sql): each service's role owns its schema and nothing else.
 * For every ordered pair of services, the first one's role may not see, read, write or create in
 * the second one's schema; no role may create in `public` or hold a cluster-wide privilege.
 */
const SERVICES = ['catalog', 'consent', 'integration', 'trust', 'insights', 'dsp'] as const;
let db: TestDatabase;
const clients = new Map<string, Client>();

beforeAll(async () => {
  db = await createTestDatabase();
  runMigrationCommand(db, [...SERVICES]);
  for (const s of SERVICES) {
    const c = new Client({ connectionString: db.urlFor(s) });
    await c.connect();
    clients.set(s, c);
  }
});

afterAll(async () => {
  await Promise.all([...clients.values()].map((c) => c.end()));
  await db?.drop();
});

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(c: Client, sql: string): Promise<string> {
  try {
    await c.query('BEGIN');
    await c.query(sql);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await c.query('ROLLBACK');
  }
}

const PAIRS = SERVICES.flatMap((a) => SERVICES.filter((b) => b !== a).map((b) => [a, b] as const));

it.each(PAIRS)("%s's role cannot touch %s's schema", async (a, b) => {
  const c = clients.get(a)!;
  // Every service has an outbox (the messaging tables), so each pair has a table to try.
  const denied = '42501'; // insufficient_privilege
  expect(await outcome(c, `SELECT count(*) FROM ${b}.outbox`)).toBe(denied);
  expect(
    await outcome(
      c,
      `INSERT INTO ${b}.outbox (id, topic, message_key, envelope) VALUES (gen_random_uuid(), 'x', 'k', '{}')`,
    ),
  ).toBe(denied);
  expect(await outcome(c, `UPDATE ${b}.outbox SET attempts = 0`)).toBe(denied);
  expect(await outcome(c, `DELETE FROM ${b}.outbox`)).toBe(denied);
  expect(await outcome(c, `CREATE TABLE ${b}.intruder (i int)`)).toBe(denied);
  expect(await outcome(c, `DROP TABLE ${b}.outbox`)).toBe(denied);
  // Its own schema works, so the denials above are about the other schema.
  expect(await outcome(c, `SELECT count(*) FROM ${a}.outbox`)).toBe('ok');
});

it.each(SERVICES)('%s holds no cluster-wide privilege and cannot create in public', async (s) => {
  const c = clients.get(s)!;
  const { rows } = await c.query<Record<string, boolean>>(
    `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
       FROM pg_roles WHERE rolname = current_user`,
  );
  expect(rows[0]).toEqual({
    rolsuper: false,
    rolcreaterole: false,
    rolcreatedb: false,
    rolbypassrls: false,
    rolreplication: false,
  });
  expect(await outcome(c, 'CREATE TABLE public.intruder (i int)')).toBe('42501');
  expect(await outcome(c, `CREATE SCHEMA intruder_${s}`)).toBe('42501');
});

it('passes sslmode and sslrootcert of DATABASE_URL through to the driver', async () => {
  // verify-full with a CA file that is not there: the driver reads the file before it connects,
  // so the failure shows the settings reached it (whether or not this server offers TLS).
  const url = new URL(db.urlFor('catalog'));
  url.searchParams.set('sslmode', 'verify-full');
  url.searchParams.set('sslrootcert', '/nonexistent/dx-ca.crt');
  const ds = createServiceDataSource({
    service: 'catalog',
    url: url.toString(),
    migrations: [],
    poolSize: 1,
  });
  await expect(ds.initialize()).rejects.toThrow(/dx-ca\.crt|ENOENT/);
});
