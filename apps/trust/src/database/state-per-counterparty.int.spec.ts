import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@dx/persistence';
import { createTestDatabase, runMigrationCommand, type TestDatabase } from '@dx/testing';
import { verifyState } from '../scoring/persistence/verify-state';
import { trustMigrations } from './data-source';
import { StatePerCounterparty1767225600600 } from './migrations/1767225600600-state-per-counterparty';

/*
 * The state-per-counterparty migration on a database that already holds evidence: undone, the
 * old single-row state is back; redone, the state is rebuilt from the ledger per counterparty (and
 * equals what `trust:verify` recomputes) and every profile is queued for rescoring.
 */
let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  runMigrationCommand(db, ['trust']);
  ds = createServiceDataSource({
    service: 'trust',
    url: db.urlFor('trust'),
    migrations: trustMigrations,
    poolSize: 2,
  });
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

it('rebuilds the state per counterparty from the ledger and queues every profile', async () => {
  // Undo back to before this migration (later ones first).
  const later = trustMigrations.length - trustMigrations.indexOf(StatePerCounterparty1767225600600);
  for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'each' });
  const provider = randomUUID();
  const [a, b] = [randomUUID(), randomUUID()];
  const day = 86_400_000;
  const rows = Array.from({ length: 12 }, (_, i) => ({
    event_id: `e${i}`,
    counterparty_id: i % 3 === 0 ? b : a,
    v: i % 4 === 0 ? -1 : 1,
    occurred_at: new Date(Date.now() - (40 - i * 3) * day).toISOString(),
  }));
  await ds.query(
    `INSERT INTO trust.evidence (event_id, participant_id, role, dimension, event_type, counterparty_id, agreement_id,
                                 v, w, r, s, occurred_at, rule_version, reason_key, params)
     SELECT x.event_id, $2, 'provider', 'reliability', 'test', x.counterparty_id, NULL, x.v, 1,
            (1 + x.v) / 2, (1 - x.v) / 2, x.occurred_at, 'test', 'test', '{}'
     FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, counterparty_id uuid, v float8, occurred_at timestamptz)`,
    [JSON.stringify(rows), provider],
  );
  // The state as the previous schema kept it: one row per dimension.
  await ds.query(
    `INSERT INTO trust.trust_state (participant_id, role, dimension, r, s, as_of, model_version)
     VALUES ($1, 'provider', 'reliability', 7, 3, now(), 'trust-1.1.0')`,
    [provider],
  );
  await ds.query(
    `INSERT INTO trust.trust_profiles (participant_id, role, score, lower_bound, uncertainty, tier, base_rate, evidence_total, model_version, computed_at)
     VALUES ($1, 'provider', 0.6, 0.3, 0.2, 'Established', 0.4, 10, 'trust-1.1.0', now())`,
    [provider],
  );

  await ds.runMigrations({ transaction: 'each' });
  const state = await ds.query<Array<{ dimension: string; counterparty: string }>>(
    `SELECT dimension, counterparty FROM trust.trust_state WHERE participant_id = $1`,
    [provider],
  );
  const keys = (xs: Array<{ dimension: string; counterparty: string }>) =>
    xs.map((x) => `${x.dimension}|${x.counterparty}`).sort();
  expect(keys(state)).toEqual(
    keys([
      { dimension: 'reliability', counterparty: a },
      { dimension: 'reliability', counterparty: b },
      { dimension: 'reliability.recent', counterparty: '' },
    ]),
  );
  const check = await ds.transaction((em) => verifyState(em));
  expect(check.mismatches).toEqual([]);
  expect(check.maxDifference).toBeLessThan(1e-9);
  expect(
    await ds.query(`SELECT role FROM trust.rescore_queue WHERE participant_id = $1`, [provider]),
  ).toEqual([{ role: 'provider' }]);
});
