import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { createMessagingTables } from '@dx/persistence';
import { createTestDatabase, type TestDatabase } from '@dx/testing';
import { IdempotencyStore } from './idempotency';

/* Idempotency-Key semantics on the real database, including concurrent duplicates. */
const SCHEMA = 'kit';
let db: TestDatabase;
let ds: DataSource;
let store: IdempotencyStore;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await new DataSource({ type: 'postgres', url: db.adminUrl, extra: { max: 8 } }).initialize();
  const qr = ds.createQueryRunner();
  await qr.query(`CREATE SCHEMA ${SCHEMA}`);
  await createMessagingTables(qr, SCHEMA);
  await qr.query(`CREATE TABLE ${SCHEMA}.effects (id uuid PRIMARY KEY, label text NOT NULL)`);
  await qr.release();
  store = new IdempotencyStore(ds, SCHEMA);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const create = (label: string) => async (em: import('typeorm').EntityManager) => {
  const id = randomUUID();
  await em.query(`INSERT INTO ${SCHEMA}.effects (id, label) VALUES ($1, $2)`, [id, label]);
  return { status: 201, body: { id, label } };
};

const count = async (label: string): Promise<number> =>
  Number(
    (
      await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.effects WHERE label = $1`, [label])
    )[0].n,
  );

describe('IdempotencyStore', () => {
  it('applies concurrent duplicates once and answers all of them with the first result', async () => {
    const key = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.run(
          { key, scope: 'POST /things op', request: { label: 'concurrent' } },
          create('concurrent'),
        ),
      ),
    );
    expect(await count('concurrent')).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    const first = outcomes.find((o) => !o.replayed)!;
    for (const o of outcomes) expect(o).toMatchObject({ status: 201, body: first.body });
  });

  it('refuses the same key for a different request with 422 and changes nothing', async () => {
    const key = randomUUID();
    await store.run({ key, scope: 's', request: { label: 'a' } }, create('reuse-a'));
    const second = store.run({ key, scope: 's', request: { label: 'b' } }, create('reuse-b'));
    await expect(second).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'IDEMPOTENCY.KEY_REUSED',
    });
    await expect(second).rejects.toBeInstanceOf(AppError);
    expect(await count('reuse-b')).toBe(0);
  });

  it('keeps keys apart per scope (one caller cannot replay another’s response)', async () => {
    const key = randomUUID();
    const a = await store.run({ key, scope: 'caller-a', request: {} }, create('scoped'));
    const b = await store.run({ key, scope: 'caller-b', request: {} }, create('scoped'));
    expect(a.replayed || b.replayed).toBe(false);
    expect(await count('scoped')).toBe(2);
  });

  it('stores nothing when the work fails, so a retry with the same key applies it', async () => {
    const key = randomUUID();
    const failing = store.run({ key, scope: 's', request: {} }, async (em) => {
      await create('half')(em);
      throw new AppError('conflict', 'THING.CONFLICT', 'refused after the insert');
    });
    await expect(failing).rejects.toMatchObject({ code: 'THING.CONFLICT' });
    expect(await count('half')).toBe(0); // no half-applied write
    const retry = await store.run({ key, scope: 's', request: {} }, create('half'));
    expect(retry.replayed).toBe(false);
    expect(await count('half')).toBe(1);
  });

  it('returns the replay body when the first response held a secret', async () => {
    const key = randomUUID();
    const first = await store.run({ key, scope: 's', request: {} }, async (em) => ({
      ...(await create('secret')(em)),
      body: { id: 'x', secret: 's3cr3t' },
      replayBody: { id: 'x' },
    }));
    expect(first.body).toEqual({ id: 'x', secret: 's3cr3t' });
    const again = await store.run({ key, scope: 's', request: {} }, create('secret'));
    expect(again).toEqual({ status: 201, body: { id: 'x' }, replayed: true });
    const stored = await ds.query(
      `SELECT response_body FROM ${SCHEMA}.idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(JSON.stringify(stored)).not.toContain('s3cr3t');
  });
});
