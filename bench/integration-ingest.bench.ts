/*
 * Delivery ingestion through the REST API, beside raw baselines measured in the same run.
 *
 *   npm run bench -- integration-ingest
 *
 * Service (compiled build, its own process): RECORDS records of about 1 KiB as one NDJSON delivery
 * (streamed), SMALL deliveries of 1,000 records for the latency from "delivery accepted" (its
 * transaction committed) to `delivery.completed` published by the outbox relay, the same RECORDS
 * pushed over Kafka (integration.inbound.v1) as deliveries of BENCH_KAFKA_BATCH records, and last
 * one delivery of BENCH_MEMORY_RECORDS for the process's peak memory. Baselines, each run before
 * and after the service's measurements: COPY of the same rows into a table shaped like the record
 * store with its indexes, and kafkajs produce (batches of 1,000, acks=all) + consume of the same
 * messages.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Header, Topics } from '@dx/contracts';
import {
  createTestDatabase,
  runMigrationCommand,
  testInfra,
  testKafka,
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

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const SMALL = Number(process.env.BENCH_SMALL_DELIVERIES ?? 20);
// ~950 KB per Kafka record: as many records as fit under the broker's 1 MiB default, which is how a
// producer should batch (each delivery has a fixed cost of ~20 ms: see bench/README.md).
const KAFKA_BATCH = Number(process.env.BENCH_KAFKA_BATCH ?? 900);
const MEMORY_RECORDS = Number(process.env.BENCH_MEMORY_RECORDS ?? 1_000_000);
const PAD = 'x'.repeat(940);

function record(i: number): string {
  return JSON.stringify({
    id: `r${i}`,
    district: `D${i % 8}`,
    hour: '2026-03-02T10:00:00Z',
    people: i % 1000,
    payload: PAD,
  });
}

function* ndjson(from: number, n: number): Generator<string> {
  let chunk = '';
  for (let i = from; i < from + n; i++) {
    chunk += `${record(i)}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export async function run(): Promise<BenchReport> {
  const db = await createTestDatabase();
  const jwks = createServer();
  let app: RunningApp | undefined;
  try {
    runMigrationCommand(db, ['integration']);
    const prefix = await provisionFreshTopics();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
    jwks.on('request', (_q, r) => r.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const provider = randomUUID();
    const token = await new SignJWT({ roles: ['participant'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setIssuer('http://catalog.test')
      .setAudience('dx-platform')
      .setSubject(provider)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);

    const admin = new Pool({ connectionString: db.adminUrl, max: 2 });
    const datasetId = randomUUID();
    const schema = {
      type: 'object',
      required: ['id', 'district', 'hour', 'people'],
      properties: {
        id: { type: 'string' },
        district: { type: 'string' },
        hour: { type: 'string', format: 'date-time' },
        people: { type: 'integer', minimum: 0 },
        payload: { type: 'string' },
      },
    };
    await admin.query(
      `INSERT INTO integration.datasets VALUES ($1, $2, 'published', 'internal', 'P1D', 2, now())`,
      [datasetId, provider],
    );
    await admin.query(
      `INSERT INTO integration.dataset_schemas VALUES ($1, 1, $2, '{id}', NULL, 'hour', 'epoch')`,
      [datasetId, schema],
    );

    // Baseline 1: COPY the same rows into a table shaped like the record store, with its indexes
    // (the primary key, the current-version unique index, the subject index).
    await admin.query(
      `CREATE TABLE integration.bench_copy (LIKE integration.records INCLUDING ALL)`,
    );
    /** The benchmark's rows as COPY text, one line each; `line` chooses the columns. */
    const copyText = (line: (i: number, json: string) => string): Readable =>
      Readable.from(
        (function* () {
          for (let i = 0; i < RECORDS; i++) yield line(i, record(i).replace(/\\/g, '\\\\'));
        })(),
      );
    /** `write` timed on a connection of its own into an emptied bench_copy: records/s. */
    const timedWrite = async (write: (c: PoolClient) => Promise<unknown>): Promise<number> => {
      await admin.query(`TRUNCATE integration.bench_copy`);
      const c = await admin.connect();
      const c0 = Date.now();
      try {
        await write(c);
      } finally {
        c.release();
      }
      return RECORDS / ((Date.now() - c0) / 1000);
    };
    const copyRun = (): Promise<number> =>
      timedWrite((c) =>
        pipeline(
          copyText(
            (i, json) =>
              `${datasetId}\t["r${i}"]\t${json}\t${'0'.repeat(64)}\t2026-03-02 10:00:00+00\t${datasetId}\n`,
          ),
          c.query(
            copyFrom(
              `COPY integration.bench_copy (dataset_id, record_key, data, content_hash, valid_from, delivery_id) FROM STDIN`,
            ),
          ),
        ),
      );
    // A ceiling, not a baseline: the two writes the atomic apply needs (docs/adr/
    // 2026-11-26-integration-ingestion.md §4) and nothing else — the same rows COPYed into a
    // temporary stage, then INSERT … SELECT into the indexed table, in one transaction. No
    // parsing, validation, hashing, comparison with current rows, history, report or events.
    const stagedCopyRun = (): Promise<number> =>
      timedWrite(async (c) => {
        await c.query('BEGIN');
        await c.query(
          `CREATE TEMP TABLE bench_stage (record_key text, data jsonb, content_hash text) ON COMMIT DROP`,
        );
        await pipeline(
          copyText((i, json) => `["r${i}"]\t${json}\t${'0'.repeat(64)}\n`),
          c.query(copyFrom(`COPY bench_stage (record_key, data, content_hash) FROM STDIN`)),
        );
        await c.query(
          `INSERT INTO integration.bench_copy (dataset_id, record_key, data, content_hash, valid_from, delivery_id)
           SELECT $1, record_key, data, content_hash, '2026-03-02 10:00:00+00', $1 FROM bench_stage`,
          [datasetId],
        );
        await c.query('COMMIT');
      });
    // Baseline 2: kafkajs produce + consume of the same messages, on a topic of its own per run.
    const kafka = testKafka();
    let kafkaRuns = 0;
    const kafkaRun = async (): Promise<number> => {
      const topic = `${prefix}bench.ingest.${++kafkaRuns}`;
      const adminK = kafka.admin();
      await adminK.connect();
      await adminK.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      await adminK.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      const k0 = Date.now();
      for (let i = 0; i < RECORDS; i += 1000) {
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: Math.min(1000, RECORDS - i) }, (_, j) => ({
            key: `r${i + j}`,
            value: record(i + j),
          })),
        });
      }
      await producer.disconnect();
      const consumer = kafka.consumer({ groupId: `${topic}.group` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let consumed = 0;
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            consumed += batch.messages.length;
            if (consumed >= RECORDS) resolve();
            await Promise.resolve();
          },
        });
      });
      const rate = RECORDS / ((Date.now() - k0) / 1000);
      await consumer.disconnect();
      return rate;
    };
    const [copyBefore, copyCpu] = await withCpu(copyRun);
    const kafkaBefore = await kafkaRun();

    app = await startService('integration', {
      DATABASE_URL: db.urlFor('integration'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWT_ISSUER: 'http://catalog.test',
      JWT_AUDIENCE: 'dx-platform',
      JWKS_URL: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
      OUTBOX_POLL_MS: '100',
    });
    const deliver = async (
      from: number,
      n: number,
    ): Promise<{ deliveryId: string; counts: { accepted: number } }> => {
      const res = await fetch(`${app!.url}/v1/datasets/${datasetId}/deliveries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: Readable.toWeb(Readable.from(ndjson(from, n))) as ReadableStream,
        duplex: 'half',
      });
      if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as { deliveryId: string; counts: { accepted: number } };
    };

    await deliver(10_000_000, 2000); // warm-up
    const t0 = Date.now();
    const [big, restCpu] = await withCpu(() => deliver(0, RECORDS));
    const serviceSeconds = (Date.now() - t0) / 1000;
    if (big.counts.accepted !== RECORDS)
      throw new Error(`accepted ${big.counts.accepted} of ${RECORDS}`);

    const latencies: number[] = [];
    for (let i = 0; i < SMALL; i++) {
      const d = await deliver(20_000_000 + i * 1000, 1000);
      const row = await waitFor(
        async () =>
          (
            await admin.query<{ ms: number | null }>(
              `SELECT extract(epoch FROM (o.published_at - dl.completed_at)) * 1000 AS ms FROM integration.outbox o JOIN integration.deliveries dl ON dl.id = $1 WHERE o.envelope->'data'->>'deliveryId' = $1::text AND o.published_at IS NOT NULL`,
              [d.deliveryId],
            )
          ).rows[0],
        { what: 'delivery.completed published', intervalMs: 20 },
      );
      latencies.push(Number(row.ms));
    }

    // Kafka inbound path: the same number of records pushed as deliveries of KAFKA_BATCH records
    // (one Kafka record each, under the broker's 1 MiB default), timed until all are stored.
    const kafkaIn = testKafka();
    const inProducer = kafkaIn.producer();
    await inProducer.connect();
    const inboundCpu0 = cpuTimes();
    const i0 = Date.now();
    for (let i = 0; i < RECORDS; i += KAFKA_BATCH) {
      await inProducer.send({
        topic: `${prefix}${Topics.integrationInbound}`,
        acks: -1,
        messages: [
          {
            key: datasetId,
            value: [...ndjson(30_000_000 + i, Math.min(KAFKA_BATCH, RECORDS - i))].join(''),
            headers: { [Header.providerId]: provider },
          },
        ],
      });
    }
    await inProducer.disconnect();
    await waitFor(
      async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `SELECT coalesce(sum(accepted), 0) AS n FROM integration.deliveries WHERE channel = 'kafka'`,
            )
          ).rows[0].n,
        ),
      {
        until: (n) => n >= RECORDS,
        timeoutMs: 600_000,
        intervalMs: 100,
        what: 'Kafka deliveries stored',
      },
    );
    const inboundSeconds = (Date.now() - i0) / 1000;
    const inboundCpu = busySince(inboundCpu0);
    const loadPeak = peakMemoryMiB(app);

    // The baselines again, after the service's measurements.
    const copyAfter = await copyRun();
    const kafkaAfter = await kafkaRun();
    const [twoWrites, twoWritesCpu] = await withCpu(stagedCopyRun);

    // Memory: one delivery of MEMORY_RECORDS, streamed; the process's peak resident memory.
    const m0 = Date.now();
    const huge = await deliver(40_000_000, MEMORY_RECORDS);
    const hugeSeconds = (Date.now() - m0) / 1000;
    if (huge.counts.accepted !== MEMORY_RECORDS)
      throw new Error(`accepted ${huge.counts.accepted} of ${MEMORY_RECORDS}`);
    const hugePeak = peakMemoryMiB(app);
    await admin.end();

    const rec = new BenchRecorder('integration-ingest', await machineInfo(), {
      records: RECORDS,
      kafkaBatch: KAFKA_BATCH,
      smallDeliveries: SMALL,
      memoryRecords: MEMORY_RECORDS,
    });
    const copy = rec.baseline(
      'PostgreSQL COPY of the same rows (record store indexes)',
      'records/s',
      [copyBefore, copyAfter],
    );
    const kafkaBase = rec.baseline(
      'kafkajs produce (1,000/send, acks=all) + consume',
      'records/s',
      [kafkaBefore, kafkaAfter],
    );
    const service = RECORDS / serviceSeconds;
    const inbound = RECORDS / inboundSeconds;
    rec.row({
      path: `REST NDJSON delivery (${RECORDS} × ~1 KiB)`,
      'records/s': Math.round(service),
      'ratio to COPY': round(service / copy.mean, 3),
    });
    rec.row({
      path: `Kafka inbound deliveries (${KAFKA_BATCH} records each, produce → stored)`,
      'records/s': Math.round(inbound),
      'ratio to COPY': round(inbound / copy.mean, 3),
    });
    rec.row({
      path: `REST NDJSON delivery of ${MEMORY_RECORDS} records (memory probe)`,
      'records/s': Math.round(MEMORY_RECORDS / hugeSeconds),
      'ratio to COPY': '',
    });
    rec.row({
      path: 'baseline: PostgreSQL COPY, record store indexes (before / after)',
      'records/s': `${Math.round(copyBefore)} / ${Math.round(copyAfter)}`,
      'ratio to COPY': '',
    });
    rec.row({
      path: 'baseline: kafkajs produce + consume (before / after)',
      'records/s': `${Math.round(kafkaBefore)} / ${Math.round(kafkaAfter)}`,
      'ratio to COPY': '',
    });
    rec.row({
      path: 'ceiling: COPY into a stage, then INSERT … SELECT into the indexed table (the two writes alone)',
      'records/s': Math.round(twoWrites),
      'ratio to COPY': round(twoWrites / copy.mean, 3),
    });
    rec.note(
      `kafkajs produce + consume runs at ${Math.round(kafkaBase.mean)} records/s: the Kafka inbound path's ceiling`,
    );
    rec.note(
      `the two writes alone reach ${round(twoWrites / copy.mean, 2)} of the single COPY; REST reaches ${round(service / twoWrites, 2)} of the two writes`,
    );
    const p50 = pct(latencies, 50);
    const p99 = pct(latencies, 99);
    rec.row({
      path: `accepted → delivery.completed published (${SMALL} deliveries of 1,000), p50 / p99 ms`,
      'records/s': `${p50.toFixed(0)} / ${p99.toFixed(0)}`,
      'ratio to COPY': '',
    });
    rec.memory('integration', { peakMiB: loadPeak });
    rec.cpu('the COPY baseline (before)', copyCpu);
    rec.cpu('the two writes alone', twoWritesCpu);
    rec.cpu('the REST delivery', restCpu);
    rec.cpu('the Kafka inbound deliveries', inboundCpu);
    rec.note(
      `at equal CPU use (bench/harness/cpu.ts): REST ÷ COPY ${equalCpuText(
        ratioAtEqualCpu({ rate: service, busy: restCpu }, { rate: copyBefore, busy: copyCpu }),
      )}, Kafka inbound ÷ REST ${equalCpuText(
        ratioAtEqualCpu({ rate: inbound, busy: inboundCpu }, { rate: service, busy: restCpu }),
      )}`,
    );
    rec.target(
      'ingestion over REST ÷ COPY with the record store indexes',
      service / copy.mean,
      '×',
      {
        op: '>=',
        value: 0.75,
      },
    );
    rec.target('Kafka inbound deliveries ÷ the REST path', inbound / service, '×', {
      op: '>=',
      value: 0.8,
    });
    rec.target('accepted → delivery.completed published, p99', p99, 'ms', { op: '<', value: 100 });
    rec.target('integration peak RSS under the ingestion load', loadPeak, 'MiB', {
      op: '<',
      value: 350,
    });
    rec.target(
      `integration peak RSS through a ${MEMORY_RECORDS}-record delivery`,
      hugePeak,
      'MiB',
      {
        op: '<',
        value: 512,
      },
    );
    return rec.finish();
  } finally {
    await app?.stop();
    jwks.close();
    await db.drop();
  }
}

mainIfRun(module, run);
