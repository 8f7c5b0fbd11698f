/*
 * Consent service throughput, beside raw baselines in the same run.
 *
 *   npm run bench -- consent-agreements
 *
 * The service runs from the compiled build, its own process. Each baseline runs before and after
 * the service's measurement.
 * 1. Negotiation: agreements taken to ACTIVE through the HTTP API (request, consumer accept,
 *    provider accept: three calls each) by CONCURRENCY clients, against a raw baseline that writes the
 *    same rows (agreement, term version, five transitions, outbox events) with plain INSERTs, one
 *    transaction per agreement, at the same concurrency. After them, a ceiling: the API's own three
 *    transactions per agreement (locks, transitions, outbox, notify) as plain SQL.
 * 2. Obligation scheduler: 10,000 active agreements whose open delivery obligation is past its
 *    grace period; the service (real scheduler) marks each missed, opens the next and emits both
 *    events. Baseline: plain UPDATE + INSERT of the same rows in batches of the scheduler's size.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { exampleAgreementTerms } from '@dx/contracts';
import {
  createTestDatabase,
  runMigrationCommand,
  testInfra,
  waitFor,
  type RunningApp,
} from '@dx/testing';
import {
  BenchRecorder,
  busySince,
  cpuTimes,
  machineInfo,
  mainIfRun,
  provisionFreshTopics,
  peakMemoryMiB,
  round,
  equalCpuText,
  ratioAtEqualCpu,
  startService,
  withCpu,
  type BenchReport,
} from './harness';

const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OBLIGATIONS = Number(process.env.BENCH_OBLIGATIONS ?? 10_000);
const BATCH = 200;
const DAY = 86_400_000;

async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export async function run(): Promise<BenchReport> {
  const db = await createTestDatabase();
  let app: RunningApp | undefined;
  const jwks = createServer();
  try {
    runMigrationCommand(db, ['consent']);
    const prefix = await provisionFreshTopics();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
    jwks.on('request', (_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const token = (sub: string) =>
      new SignJWT({ roles: ['participant'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
        .setIssuer('http://catalog.test')
        .setAudience('dx-platform')
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey);

    const admin = new Pool({ connectionString: db.adminUrl, max: CONCURRENCY + 2 });
    const provider = randomUUID();
    const datasetId = randomUUID();
    await admin.query(
      `INSERT INTO consent.datasets VALUES ($1, $2, 'business', 'Presence (synthetic)', 'published', 'personal-aggregated', 1, 2, now())`,
      [datasetId, provider],
    );
    await admin.query(
      `INSERT INTO consent.dataset_schema_versions (dataset_id, version, properties, primary_key, effective_at) VALUES ($1, 1, '{district,hour,people}', '{district,hour}', 'epoch')`,
      [datasetId],
    );

    // --- 2 (data first): 10,000 active agreements with an obligation past its grace period.
    const now = Date.now();
    const terms = {
      ...exampleAgreementTerms,
      fields: ['district', 'hour', 'people'],
      validFrom: new Date(now - 1.5 * DAY).toISOString(),
      validTo: new Date(now + 300 * DAY).toISOString(),
    };
    await admin.query(
      `WITH a AS (SELECT gen_random_uuid() AS id, gen_random_uuid() AS consumer FROM generate_series(1, $1))
       , ins AS (INSERT INTO consent.agreements (id, dataset_id, provider_id, consumer_id, state, version, current_term_version, created_at, updated_at, next_due_at)
                 SELECT id, $2, $3, consumer, 'ACTIVE', 3, 1, now(), now(), now() + interval '300 days' FROM a RETURNING id, consumer_id)
       , t AS (INSERT INTO consent.agreement_terms (agreement_id, version, kind, proposed_by, proposed_at, terms, provider_accepted_at, consumer_accepted_at)
               SELECT id, 1, 'initial', 'consumer', now(), $4::jsonb, now(), now() FROM ins RETURNING agreement_id)
       INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, created_at)
       SELECT gen_random_uuid(), ins.id, $2, $3, ins.consumer_id, 1, now() - interval '2 days', now() - interval '1 day', now() FROM ins`,
      [OBLIGATIONS, datasetId, provider, JSON.stringify(terms)],
    );
    await admin.query('ANALYZE');

    const serviceEnv = {
      DATABASE_URL: db.urlFor('consent'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWT_ISSUER: 'http://catalog.test',
      JWT_AUDIENCE: 'dx-platform',
      JWKS_URL: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
    };
    // Back to "every first obligation past its grace period, nothing else": between the runs.
    const resetObligations = async () => {
      await admin.query(`DELETE FROM consent.obligations WHERE sequence >= 2`);
      await admin.query(
        `UPDATE consent.obligations SET status = 'pending', resolved_at = NULL WHERE sequence = 1`,
      );
      await admin.query(`DELETE FROM consent.outbox`);
    };
    const rawScheduler = async (): Promise<number> => {
      const t0 = Date.now();
      for (;;) {
        const c = await admin.connect();
        try {
          await c.query('BEGIN');
          const r = await c.query<{ id: string }>(
            `WITH due AS (SELECT id FROM consent.obligations WHERE status = 'pending' AND grace_until <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)
             UPDATE consent.obligations o SET status = 'missed', resolved_at = now() FROM due WHERE o.id = due.id RETURNING o.id`,
            [BATCH],
          );
          await c.query(
            `INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, created_at)
             SELECT gen_random_uuid(), agreement_id, dataset_id, provider_id, consumer_id, 2, now() + interval '1 day', now() + interval '30 hours', now()
             FROM consent.obligations WHERE id = ANY($1::uuid[])`,
            [r.rows.map((x) => x.id)],
          );
          await c.query(
            `INSERT INTO consent.outbox (id, topic, message_key, envelope) SELECT gen_random_uuid(), 'bench', id::text, '{}'::jsonb FROM unnest($1::uuid[]) id
             UNION ALL SELECT gen_random_uuid(), 'bench', id::text, '{}'::jsonb FROM unnest($1::uuid[]) id`,
            [r.rows.map((x) => x.id)],
          );
          await c.query('COMMIT');
          if (r.rowCount === 0) break;
        } finally {
          c.release();
        }
      }
      return OBLIGATIONS / ((Date.now() - t0) / 1000);
    };

    const rawSchedulerBefore = await rawScheduler();
    await resetObligations();
    app = await startService('consent', {
      ...serviceEnv,
      SCHEDULER_INTERVAL_MS: '100',
      SCHEDULER_BATCH: String(BATCH),
    });
    const ready = Date.now();
    await waitFor(
      async () =>
        (
          await admin.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM consent.obligations WHERE status = 'missed'`,
          )
        ).rows[0].n,
      {
        until: (n) => n >= OBLIGATIONS,
        timeoutMs: 600_000,
        intervalMs: 50,
        what: 'all obligations missed',
      },
    );
    const schedulerRate = OBLIGATIONS / ((Date.now() - ready) / 1000);
    const schedulerPeak = peakMemoryMiB(app);
    await app.stop();
    app = undefined;
    await resetObligations();
    const rawSchedulerAfter = await rawScheduler();

    // --- 1: negotiation through the API vs raw inserts of the same rows; the raw runs while no
    // service runs (its relay would otherwise work on the raw path's outbox rows meanwhile).
    const MEASURED = AGREEMENTS - 10;
    /**
     * MEASURED agreements written by plain SQL at CONCURRENCY, each on its own pooled connection:
     * agreements per second. The stand-in events are removed after: they are not for a relay.
     */
    const rawAgreements = async (write: (c: PoolClient, id: string) => Promise<void>) => {
      const t0 = Date.now();
      await pool(Array.from({ length: MEASURED }), CONCURRENCY, async () => {
        const c = await admin.connect();
        try {
          await write(c, randomUUID());
        } finally {
          c.release();
        }
      });
      const rate = MEASURED / ((Date.now() - t0) / 1000);
      await admin.query(`DELETE FROM consent.outbox WHERE topic = 'bench'`);
      return rate;
    };
    const rawNegotiation = () =>
      rawAgreements(async (c, id) => {
        await c.query('BEGIN');
        await c.query(
          `INSERT INTO consent.agreements (id, dataset_id, provider_id, consumer_id, state, version, current_term_version, created_at, updated_at, next_due_at) VALUES ($1, $2, $3, $4, 'ACTIVE', 3, 1, now(), now(), now() + interval '300 days')`,
          [id, datasetId, provider, randomUUID()],
        );
        await c.query(
          `INSERT INTO consent.agreement_terms (agreement_id, version, kind, proposed_by, proposed_at, terms, provider_accepted_at, consumer_accepted_at) VALUES ($1, 1, 'initial', 'consumer', now(), $2, now(), now())`,
          [id, JSON.stringify(terms)],
        );
        await c.query(
          `INSERT INTO consent.agreement_transitions (agreement_id, seq, event_type, to_state, actor_subject, actor_role, term_version, at)
             SELECT $1, s, 'bench', 'ACTIVE', 'bench', 'system', 1, now() FROM generate_series(1, 5) s`,
          [id],
        );
        await c.query(
          `INSERT INTO consent.outbox (id, topic, message_key, envelope) SELECT gen_random_uuid(), 'bench', $1, '{}'::jsonb FROM generate_series(1, 6)`,
          [id],
        );
        await c.query('COMMIT');
      });
    /*
     * The ceiling: what the API must do at least, as plain SQL. The raw baseline writes an agreement
     * in one transaction; the API takes three calls, each its own transaction (the consumer's
     * request, its acceptance, the provider's), each loading the agreement under its row lock and
     * writing its transitions and outbox events with a wake-up for the relay. Here the same three
     * transactions with the same rows, locks and notifications, on one connection per client,
     * without HTTP, tokens, validation or the domain model.
     */
    const rawThreeTransactions = (): Promise<number> => {
      const outbox = (c: PoolClient, id: string, n: number) =>
        c.query(
          `WITH o AS (INSERT INTO consent.outbox (id, topic, message_key, envelope) SELECT gen_random_uuid(), 'bench', $1, '{}'::jsonb FROM generate_series(1, $2))
           SELECT pg_notify('dx_outbox_consent_bench', '')`,
          [id, n],
        );
      const transitions = (c: PoolClient, id: string, from: number, to: number) =>
        c.query(
          `INSERT INTO consent.agreement_transitions (agreement_id, seq, event_type, to_state, actor_subject, actor_role, term_version, at)
           SELECT $1, s, 'bench', 'ACTIVE', 'bench', 'system', 1, now() FROM generate_series($2::int, $3::int) s`,
          [id, from, to],
        );
      const locked = (c: PoolClient, id: string) =>
        c.query(`SELECT * FROM consent.agreements WHERE id = $1 FOR NO KEY UPDATE`, [id]);
      return rawAgreements(async (c, id) => {
        // 1: the consumer's request (the dataset read, the agreement, its terms, the decision).
        await c.query('BEGIN');
        await c.query(`SELECT * FROM consent.datasets WHERE dataset_id = $1`, [datasetId]);
        await c.query(
          `WITH a AS (INSERT INTO consent.agreements (id, dataset_id, provider_id, consumer_id, state, version, current_term_version, created_at, updated_at, next_due_at) VALUES ($1, $2, $3, $4, 'OFFERED', 1, 1, now(), now(), NULL))
             INSERT INTO consent.agreement_terms (agreement_id, version, kind, proposed_by, proposed_at, terms) VALUES ($1, 1, 'initial', 'consumer', now(), $5)`,
          [id, datasetId, provider, randomUUID(), JSON.stringify(terms)],
        );
        await transitions(c, id, 1, 2);
        await outbox(c, id, 2);
        await c.query('COMMIT');
        // 2: the consumer accepts.
        await c.query('BEGIN');
        await locked(c, id);
        await c.query(
          `UPDATE consent.agreements SET version = 2, updated_at = now() WHERE id = $1`,
          [id],
        );
        await transitions(c, id, 3, 3);
        await outbox(c, id, 2);
        await c.query('COMMIT');
        // 3: the provider accepts: ACTIVE, and the first delivery obligation opens.
        await c.query('BEGIN');
        await locked(c, id);
        await c.query(
          `UPDATE consent.agreements SET state = 'ACTIVE', version = 3, updated_at = now(), next_due_at = now() + interval '300 days' WHERE id = $1`,
          [id],
        );
        await transitions(c, id, 4, 5);
        await c.query(
          `INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, created_at)
             SELECT gen_random_uuid(), id, dataset_id, provider_id, consumer_id, 1, now() + interval '1 day', now() + interval '30 hours', now() FROM consent.agreements WHERE id = $1`,
          [id],
        );
        await outbox(c, id, 2);
        await c.query('COMMIT');
      });
    };
    const [rawBefore, rawCpu] = await withCpu(rawNegotiation);
    app = await startService('consent', serviceEnv);
    const providerToken = await token(provider);
    const consumers = await Promise.all(
      Array.from({ length: AGREEMENTS }, async () => {
        const id = randomUUID();
        return { id, token: await token(id) };
      }),
    );
    const call = async (
      path: string,
      tok: string,
      body: unknown,
    ): Promise<{ id: string; state: string }> => {
      const r = await fetch(`${app!.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { id: string; state: string };
    };
    const request = {
      datasetId,
      purpose: 'urban-planning',
      purposeDescription: 'Bench planning purpose.',
      legalBasis: 'Bench',
      fields: ['people'],
      deliveryFrequency: 'P1D',
      validFrom: new Date(now - DAY).toISOString(),
      validTo: new Date(now + 300 * DAY).toISOString(),
      retentionDays: 30,
    };
    // Warm-up (JIT, plans, JWKS cache).
    await pool(consumers.slice(0, 10), CONCURRENCY, async (c) => {
      const a = await call('/v1/agreements', c.token, request);
      await call(`/v1/agreements/${a.id}/accept`, c.token, { termVersion: 1 });
      await call(`/v1/agreements/${a.id}/accept`, providerToken, { termVersion: 1 });
    });
    const measured = consumers.slice(10);
    const apiCpu0 = cpuTimes();
    const apiStart = Date.now();
    await pool(measured, CONCURRENCY, async (c) => {
      const a = await call('/v1/agreements', c.token, request);
      await call(`/v1/agreements/${a.id}/accept`, c.token, { termVersion: 1 });
      const done = await call(`/v1/agreements/${a.id}/accept`, providerToken, { termVersion: 1 });
      if (done.state !== 'ACTIVE') throw new Error(`not active: ${done.state}`);
    });
    const apiRate = measured.length / ((Date.now() - apiStart) / 1000);
    const apiCpu = busySince(apiCpu0);
    const apiPeak = peakMemoryMiB(app);
    await app.stop();
    app = undefined;
    const rawAfter = await rawNegotiation();
    const [ceiling, ceilingCpu] = await withCpu(rawThreeTransactions);
    await admin.end();

    const rec = new BenchRecorder('consent-agreements', await machineInfo(), {
      agreements: measured.length,
      concurrency: CONCURRENCY,
      obligations: OBLIGATIONS,
      schedulerBatch: BATCH,
    });
    const rawApi = rec.baseline('raw SQL writing the same agreement rows', 'agreements/s', [
      rawBefore,
      rawAfter,
    ]);
    const rawSched = rec.baseline('raw SQL marking the same obligations missed', 'obligations/s', [
      rawSchedulerBefore,
      rawSchedulerAfter,
    ]);
    rec.row({
      measure: `agreements to ACTIVE (${measured.length}, 3 calls each, ${CONCURRENCY} clients)`,
      'service per s': Math.round(apiRate),
      'raw SQL per s (before / after)': `${Math.round(rawBefore)} / ${Math.round(rawAfter)}`,
      'service / raw': round(apiRate / rawApi.mean, 3),
    });
    rec.row({
      measure: `ceiling: the API's three transactions per agreement as plain SQL (locks, transitions, outbox, notify)`,
      'service per s': '',
      'raw SQL per s (before / after)': Math.round(ceiling),
      'service / raw': round(ceiling / rawApi.mean, 3),
    });
    rec.note(
      `the API reaches ${round(apiRate / ceiling, 2)} of its three transactions alone; those reach ${round(ceiling / rawApi.mean, 3)} of the one-transaction raw baseline`,
    );
    rec.row({
      measure: `missed obligations evaluated (${OBLIGATIONS} active agreements)`,
      'service per s': Math.round(schedulerRate),
      'raw SQL per s (before / after)': `${Math.round(rawSchedulerBefore)} / ${Math.round(rawSchedulerAfter)}`,
      'service / raw': round(schedulerRate / rawSched.mean, 3),
    });
    const peak = Math.max(schedulerPeak, apiPeak);
    rec.memory('consent', { peakMiB: peak });
    rec.cpu('the raw negotiation baseline (before)', rawCpu);
    rec.cpu('the three transactions alone', ceilingCpu);
    rec.cpu('the negotiation through the API', apiCpu);
    rec.note(
      `at equal CPU use (bench/harness/cpu.ts): API ÷ raw SQL ${equalCpuText(
        ratioAtEqualCpu({ rate: apiRate, busy: apiCpu }, { rate: rawBefore, busy: rawCpu }),
      )}`,
    );
    rec.target(
      'consent API ÷ raw SQL, agreements negotiated to ACTIVE',
      apiRate / rawApi.mean,
      '×',
      {
        op: '>=',
        value: 0.25,
      },
    );
    rec.target('consent peak RSS under the negotiation and scheduler load', peak, 'MiB', {
      op: '<',
      value: 350,
    });
    return rec.finish();
  } finally {
    await app?.stop();
    jwks.close();
    await db.drop();
  }
}

mainIfRun(module, run);
