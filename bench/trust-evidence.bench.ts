/*
 * Trust evidence processing, beside a raw baseline measured in the same run.
 *
 *   npm run bench -- trust-evidence
 *
 * Service: BENCH_EVENTS `consent.obligation.delivery-fulfilled` events (enveloped as consent writes
 * them) for BENCH_PARTICIPANTS providers on consent.obligation.v1, consumed by the trust service as
 * its own process — inbox, rules, ledger and incremental state set-based per group of records,
 * then rescoring (snapshot, profile, outbox) once per participant — timed until every evidence row
 * is in the ledger and the rescore queue is empty. Baseline: a plain kafkajs
 * consumer reading the same messages. Then a full recomputation of every score from a ledger of
 * BENCH_LEDGER_ROWS evidence rows over BENCH_LEDGER_PARTICIPANTS participants.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { allTopicSpecs, createEnvelope, DeliveryFulfilledV1, Header, Topics } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import { createServiceDataSource } from '@dx/persistence';
import {
  createTestDatabase,
  processMemory,
  runMigrationCommand,
  startApp,
  testInfra,
  testKafka,
  uniquePrefix,
  waitFor,
  type RunningApp,
} from '@dx/testing';
import { recomputeScores } from '../apps/trust/src/verify';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 1_000_000);
const LEDGER_PARTICIPANTS = Number(process.env.BENCH_LEDGER_PARTICIPANTS ?? 1_000);
const DAY = 86_400_000;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const jwks = createServer((_q, r) => r.end(JSON.stringify({ keys: [] })));
  let app: RunningApp | undefined;
  try {
    runMigrationCommand(db, ['trust']);
    const prefix = uniquePrefix();
    const connection = new KafkaConnection(
      { brokers: testInfra().kafkaBrokers, clientId: 'bench', topicPrefix: prefix },
      createLogger('bench'),
    );
    await provisionTopics(connection, allTopicSpecs());
    await connection.close();
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));

    // The events, produced before the service starts, so its consumption is what is timed.
    const providers = Array.from({ length: PARTICIPANTS }, () => ({
      id: randomUUID(),
      agreement: randomUUID(),
      consumer: randomUUID(),
    }));
    const now = Date.now();
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
        return {
          key: p.agreement,
          value: JSON.stringify(e),
          headers: { [Header.ceId]: e.id, [Header.ceType]: e.type },
        };
      });
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();

    // Baseline: a plain consumer reading the same messages.
    const consumer = kafka.consumer({ groupId: `${prefix}bench-raw` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const b0 = Date.now();
    let consumed = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          consumed += batch.messages.length;
          if (consumed >= EVENTS) resolve();
          await Promise.resolve();
        },
      });
    });
    const rawSeconds = (Date.now() - b0) / 1000;
    await consumer.disconnect();

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
    app = await startApp('trust', {
      DATABASE_URL: db.urlFor('trust'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWKS_URL: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
      LOG_LEVEL: 'warn',
    });
    // Timed from the moment the service is ready (its boot is not evidence processing); what it
    // consumed while booting is left out of the count.
    const t0 = Date.now();
    const atReady = await inLedger();
    await waitFor(inLedger, {
      until: (n) => n >= EVENTS,
      timeoutMs: 1_800_000,
      intervalMs: 250,
      what: 'every event in the ledger',
    });
    await waitFor(queued, {
      until: (n) => n === 0,
      timeoutMs: 600_000,
      intervalMs: 100,
      what: 'every participant rescored',
    });
    const serviceSeconds = (Date.now() - t0) / 1000;
    const timedEvents = EVENTS - atReady;
    const memory = processMemory(app.pid);
    await app.stop();
    app = undefined;

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

    const rows = [
      {
        path: `trust service: ${EVENTS} evidence events (${PARTICIPANTS} providers), consume → ledger → rescored`,
        'events/s': Math.round(timedEvents / serviceSeconds),
        'ratio to baseline': +(timedEvents / serviceSeconds / (EVENTS / rawSeconds)).toFixed(4),
      },
      {
        path: 'baseline: kafkajs consume of the same messages',
        'events/s': Math.round(EVENTS / rawSeconds),
        'ratio to baseline': '',
      },
    ];
    console.table(rows);
    console.log(
      `recompute every score from the ledger: ${ids.length} participants, ${LEDGER_ROWS} evidence rows in ${recomputeSeconds.toFixed(1)} s (checksum ${checksum.toFixed(3)})`,
    );
    console.log(`trust process memory after the run: ${JSON.stringify(memory)}`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results', 'trust-evidence.json'),
      `${JSON.stringify({ at: new Date().toISOString(), events: EVENTS, participants: PARTICIPANTS, rows, recompute: { participants: ids.length, rows: LEDGER_ROWS, seconds: recomputeSeconds }, memory }, null, 2)}\n`,
    );
  } finally {
    await app?.stop();
    jwks.close();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
