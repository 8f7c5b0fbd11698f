/*
 * Trust evidence processing, beside a raw baseline measured in the same run.
 *
 *   npm run bench -- trust-evidence
 *
 * Service: BENCH_EVENTS `consent.obligation.delivery-fulfilled` events (enveloped as consent writes
 * them) for BENCH_PARTICIPANTS providers on consent.obligation.v1, consumed by the trust service
 * (compiled build, its own process) — inbox, rules, ledger and incremental state set-based per group
 * of records — timed from its first record processed to its last; then how long after that every
 * participant is rescored (snapshot, profile, outbox; after the rescorer's quiet period) and how
 * many rescorings it took.
 * Baseline, run before and after the service: a plain kafkajs consumer reading the same messages,
 * timed from its first batch to its last. After it, a ceiling: the inbox and ledger rows the service
 * wrote, written again by plain SQL in transactions of the same size (rawWrites). Then a full
 * recomputation of every score from a ledger of BENCH_LEDGER_ROWS evidence rows over
 * BENCH_LEDGER_PARTICIPANTS participants (no target).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { createEnvelope, DeliveryFulfilledV1, Header, Topics } from '@dx/contracts';
import { createServiceDataSource } from '@dx/persistence';
import {
  createTestDatabase,
  runMigrationCommand,
  testInfra,
  testKafka,
  waitFor,
  type RunningApp,
} from '@dx/testing';
import { recomputeScores } from '../apps/trust/src/verify';
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

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 1_000_000);
const LEDGER_PARTICIPANTS = Number(process.env.BENCH_LEDGER_PARTICIPANTS ?? 1_000);
const DAY = 86_400_000;

/**
 * A bare kafkajs consumer reading `count` messages from the start of the topic, timed from its
 * first batch to its last: the group join is left out, as the service's timing leaves it out.
 */
async function rawConsume(
  kafka: ReturnType<typeof testKafka>,
  topic: string,
  groupId: string,
  count: number,
): Promise<number> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let first = 0;
  const seconds = await new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (consumed === 0) first = performance.now();
        consumed += batch.messages.length;
        if (consumed >= count) resolve((performance.now() - first) / 1000);
        await Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return count / seconds;
}

/**
 * The writes alone, as a ceiling: the inbox and ledger rows the service wrote, written again by
 * plain SQL into copies of the two tables (same columns and indexes) in transactions of
 * `perTransaction` records, one multi-row statement per table, sent as JSON by node-postgres. No
 * Kafka, decoding, schema checks, rules, state or rescore queue: whatever the consumer does on top
 * of its two writes costs more than this, so `service ÷ consume` can reach at most
 * `writes ÷ consume` (events/s).
 */
async function rawWrites(admin: Pool, perTransaction: number): Promise<number> {
  await admin.query(`CREATE TABLE trust.bench_inbox (LIKE trust.inbox INCLUDING ALL);
                     CREATE TABLE trust.bench_evidence (LIKE trust.evidence INCLUDING ALL)`);
  const chunks: Array<{ inbox: string; evidence: string }> = [];
  const ids = (
    await admin.query<{ event_id: string }>(`SELECT event_id FROM trust.inbox ORDER BY event_id`)
  ).rows.map((r) => r.event_id);
  for (let i = 0; i < ids.length; i += perTransaction) {
    const part = ids.slice(i, i + perTransaction);
    const [row] = (
      await admin.query<{ inbox: string; evidence: string }>(
        `SELECT (SELECT json_agg(i)::text FROM trust.inbox i WHERE event_id = ANY($1::uuid[])) AS inbox,
                (SELECT coalesce(json_agg(e), '[]')::text FROM trust.evidence e WHERE e.event_id = ANY($1::text[])) AS evidence`,
        [part],
      )
    ).rows;
    chunks.push(row);
  }
  const client = await admin.connect();
  const t0 = performance.now();
  try {
    for (const c of chunks) {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO trust.bench_inbox SELECT * FROM json_populate_recordset(NULL::trust.bench_inbox, $1::json)`,
        [c.inbox],
      );
      await client.query(
        `INSERT INTO trust.bench_evidence SELECT * FROM json_populate_recordset(NULL::trust.bench_evidence, $1::json)`,
        [c.evidence],
      );
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  await admin.query(`DROP TABLE trust.bench_inbox; DROP TABLE trust.bench_evidence`);
  return ids.length / seconds;
}

export async function run(): Promise<BenchReport> {
  const db = await createTestDatabase();
  const jwks = createServer((_q, r) => r.end(JSON.stringify({ keys: [] })));
  let app: RunningApp | undefined;
  try {
    runMigrationCommand(db, ['trust']);
    const prefix = await provisionFreshTopics();
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));

    // The events, produced before the service starts, so its consumption is what is timed.
    const providers = Array.from({ length: PARTICIPANTS }, () => ({
      id: randomUUID(),
      agreement: randomUUID(),
      consumer: randomUUID(),
    }));
    const now = Date.now();
    const lastOfKey = new Map<string, string>();
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    const topic = `${prefix}${Topics.consentObligation}`;
    for (let i = 0; i < EVENTS; i += 1000) {
      const messages = Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => {
        const n = i + j;
        const p = providers[n % PARTICIPANTS];
        const due = new Date(now - (EVENTS - n) * (DAY / 50));
        const e = createEnvelope({
          time: new Date(),
          type: DeliveryFulfilledV1.type,
          version: 1,
          source: 'consent',
          subject: p.agreement,
          data: {
            ...DeliveryFulfilledV1.example,
            agreementId: p.agreement,
            providerId: p.id,
            consumerId: p.consumer,
            obligationId: randomUUID(),
            sequence: n + 1,
            dueAt: due.toISOString(),
            graceUntil: new Date(due.getTime() + 6 * 3600_000).toISOString(),
            deliveryId: randomUUID(),
            deliveredAt: due.toISOString(),
            onTime: n % 10 !== 0,
            latenessSeconds: n % 10 === 0 ? 3600 : 0,
            occurredAt: due.toISOString(),
          },
        });
        lastOfKey.set(p.agreement, e.id);
        return {
          key: p.agreement,
          value: JSON.stringify(e),
          headers: { [Header.ceId]: e.id, [Header.ceType]: e.type },
        };
      });
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();

    // Baseline before the service: a plain consumer reading the same messages.
    // Both consumers' CPU windows include their group join, so they compare alike.
    const [before, consumeCpu] = await withCpu(() =>
      rawConsume(kafka, topic, `${prefix}bench-raw-1`, EVENTS),
    );

    const admin = new Pool({ connectionString: db.adminUrl, max: 2 });
    const inLedger = async () =>
      Number(
        (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM trust.evidence`)).rows[0].n,
      );
    const queued = async () =>
      Number(
        (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM trust.rescore_queue`)).rows[0]
          .n,
      );
    app = await startService('trust', {
      DATABASE_URL: db.urlFor('trust'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWKS_URL: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
    });
    const serviceCpu0 = cpuTimes();
    // The consumer is done when the last event of every key (so of every partition) is in the
    // inbox: a cheap lookup, polled often so the end is taken within a few milliseconds.
    await waitFor(
      async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM trust.inbox WHERE event_id = ANY($1::uuid[])`,
              [[...lastOfKey.values()]],
            )
          ).rows[0].n,
        ),
      {
        until: (n) => n >= lastOfKey.size,
        timeoutMs: 1_800_000,
        intervalMs: 10,
        what: 'the last event of every key consumed',
      },
    );
    const consumed = Date.now();
    const serviceCpu = busySince(serviceCpu0);
    if ((await inLedger()) < EVENTS) throw new Error('events consumed but missing from the ledger');
    await waitFor(queued, {
      until: (n) => n === 0,
      timeoutMs: 600_000,
      intervalMs: 10,
      what: 'every participant rescored',
    });
    const rescored = Date.now();
    // Timed like the baseline, from the first record processed (the inbox row's transaction start)
    // to the last: the group join and the boot are not evidence processing. Rescoring follows on
    // its own (a quiet period after the last evidence), reported beside it.
    // Each consumer transaction stamps its inbox rows with its start: distinct stamps count them.
    const [{ first, snapshots, transactions }] = (
      await admin.query<{ first: Date; snapshots: number; transactions: number }>(
        `SELECT (SELECT min(processed_at) FROM trust.inbox) AS first,
                (SELECT count(*)::int FROM trust.snapshots) AS snapshots,
                (SELECT count(DISTINCT processed_at)::int FROM trust.inbox) AS transactions`,
      )
    ).rows;
    const serviceSeconds = (consumed - new Date(first).getTime()) / 1000;
    const rescoreLagMs = rescored - consumed;
    const peak = peakMemoryMiB(app);
    await app.stop();
    app = undefined;

    // Baseline after the service: the sandwich shows whether the machine changed meanwhile.
    const after = await rawConsume(kafka, topic, `${prefix}bench-raw-2`, EVENTS);
    const [writes, writesCpu] = await withCpu(() =>
      rawWrites(admin, Math.max(1, Math.round(EVENTS / transactions))),
    );

    // Full recomputation from a large ledger.
    await admin.query(`TRUNCATE trust.evidence`);
    await admin.query(
      `INSERT INTO trust.evidence (event_id, participant_id, role, dimension, event_type, counterparty_id, agreement_id, v, w, r, s,
                                   occurred_at, rule_version, reason_key, params)
       SELECT 'e' || g, md5('p' || (g % $2))::uuid, 'provider',
              (ARRAY['reliability','quality','communication','integrity','fitness'])[1 + g % 5],
              'bench', NULL, NULL, v, 1, (1 + v) / 2, (1 - v) / 2,
              now() - (g % 800) * interval '1 day', 'bench', 'bench', '{}'
       FROM generate_series(1, $1) g, LATERAL (SELECT CASE WHEN g % 7 = 0 THEN -1.0 ELSE 1.0 END AS v) x`,
      [LEDGER_ROWS, LEDGER_PARTICIPANTS],
    );
    await admin.query(`ANALYZE trust.evidence`);
    const ds = createServiceDataSource({
      service: 'trust',
      url: db.adminUrl,
      migrations: [],
      poolSize: 2,
    });
    await ds.initialize();
    const ids = (
      await admin.query<{ id: string }>(`SELECT DISTINCT participant_id AS id FROM trust.evidence`)
    ).rows;
    const r0 = Date.now();
    // As `trust:verify` does it: decayed totals aggregated in the database, the model in TypeScript.
    const asOf = new Date();
    let checksum = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const scores = await recomputeScores(
        ds.manager,
        ids
          .slice(i, i + 500)
          .map(({ id }) => ({ participantId: id, role: 'provider' as const, asOf, baseRate: 0.4 })),
      );
      for (const s of scores.values()) checksum += s.score;
    }
    const recomputeSeconds = (Date.now() - r0) / 1000;
    await ds.destroy();
    await admin.end();

    const rec = new BenchRecorder('trust-evidence', await machineInfo(), {
      events: EVENTS,
      participants: PARTICIPANTS,
      ledgerRows: LEDGER_ROWS,
      ledgerParticipants: LEDGER_PARTICIPANTS,
    });
    const baseline = rec.baseline('kafkajs consume of the same messages', 'events/s', [
      before,
      after,
    ]);
    const service = EVENTS / serviceSeconds;
    rec.row({
      path: `trust evidence consumer: ${EVENTS} events (${PARTICIPANTS} providers), consume → inbox, ledger, state, rescore queue`,
      'events/s': Math.round(service),
      'ratio to baseline': round(service / baseline.mean, 3),
    });
    rec.row({
      path: `consumer transactions (records per transaction, mean)`,
      'events/s': `${transactions} (${round(EVENTS / transactions, 1)})`,
      'ratio to baseline': '',
    });
    rec.row({
      path: `rescoring after the last event: every participant rescored (${round(snapshots / PARTICIPANTS, 1)} rescorings per participant)`,
      'events/s': `${rescoreLagMs} ms later`,
      'ratio to baseline': '',
    });
    rec.row({
      path: 'baseline: kafkajs consume of the same messages (before / after)',
      'events/s': `${Math.round(before)} / ${Math.round(after)}`,
      'ratio to baseline': '',
    });
    rec.row({
      path: `ceiling: the service's inbox and ledger rows written again by plain SQL, same transaction size (no Kafka, no rules)`,
      'events/s': Math.round(writes),
      'ratio to baseline': round(writes / baseline.mean, 3),
    });
    rec.note(
      `the consumer reaches ${round(service / writes, 2)} of its two writes alone; those writes reach ${round(writes / baseline.mean, 3)} of the bare consume`,
    );
    rec.row({
      path: `recompute every score from a ledger of ${LEDGER_ROWS} rows (${ids.length} participants), as trust:verify does`,
      'events/s': Math.round(LEDGER_ROWS / recomputeSeconds),
      'ratio to baseline': '',
    });
    rec.note(`recompute checksum ${checksum.toFixed(3)} in ${recomputeSeconds.toFixed(1)} s`);
    rec.memory('trust', { peakMiB: peak });
    rec.cpu('the bare consume (before)', consumeCpu);
    rec.cpu('the evidence consumer', serviceCpu);
    rec.cpu('the two writes alone', writesCpu);
    rec.note(
      `at equal CPU use (bench/harness/cpu.ts; both consumers' windows include their group join): consumer ÷ bare consume ${equalCpuText(
        ratioAtEqualCpu({ rate: service, busy: serviceCpu }, { rate: before, busy: consumeCpu }),
      )}`,
    );
    rec.target('trust evidence consumer ÷ bare kafkajs consume', service / baseline.mean, '×', {
      op: '>=',
      value: 0.3,
    });
    rec.target('trust peak RSS under the evidence load', peak, 'MiB', { op: '<', value: 350 });
    return rec.finish();
  } finally {
    await app?.stop();
    jwks.close();
    await db.drop();
  }
}

mainIfRun(module, run);
