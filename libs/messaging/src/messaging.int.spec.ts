import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { allTopicSpecs, deadLetterTopic, Header, Topics, type EventEnvelope } from '@dx/contracts';
import {
  createTestDatabase,
  freePort,
  produceRaw,
  readTopic,
  repoRoot,
  TcpProxy,
  testInfra,
  tsProcess,
  uniqueGroup,
  uniquePrefix,
  waitFor,
  type TestDatabase,
} from '@dx/testing';
import {
  ConsumerRunner,
  KafkaConnection,
  KafkaPublisher,
  OutboxRelay,
  OutboxWriter,
  type OutboxRelayOptions,
  provisionTopics,
  purgeRetained,
  replayDeadLetters,
  listParkedOutboxRows,
  releaseParkedOutboxRows,
  type EventPublisher,
  type OutgoingRecord,
  type EventHandler,
} from './index';
import {
  createFixtureSchema,
  fixtureLogger,
  openFixtureDataSource,
  participantEvent,
  TEST_SCHEMA,
} from './__fixtures__/messaging-fixture';

/*
 * The messaging backbone against the real broker and the real database. Each test gets its own
 * topic prefix (so its own topics, groups and dead-letter topics) and the file its own database.
 */
const TOPIC = Topics.catalogParticipant;
const TYPE = 'catalog.participant.registered';

let db: TestDatabase;
let ds: DataSource;
const writer = new OutboxWriter(TEST_SCHEMA);
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openFixtureDataSource(db.adminUrl);
  await createFixtureSchema(ds);
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  await ds.query(
    `TRUNCATE ${TEST_SCHEMA}.outbox, ${TEST_SCHEMA}.inbox, ${TEST_SCHEMA}.effects, ${TEST_SCHEMA}.inbox_floor, ${TEST_SCHEMA}.idempotency_keys`,
  );
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

async function isolatedKafka(): Promise<{ connection: KafkaConnection; prefix: string }> {
  const prefix = uniquePrefix();
  const connection = new KafkaConnection(
    { brokers: testInfra().kafkaBrokers, clientId: 'messaging-int', topicPrefix: prefix },
    fixtureLogger,
  );
  await provisionTopics(connection, [
    { name: TOPIC, partitions: 3, cleanupPolicy: 'delete', retentionMs: -1 },
    {
      name: deadLetterTopic(TOPIC, 'mtest'),
      partitions: 1,
      cleanupPolicy: 'delete',
      retentionMs: -1,
    },
  ]);
  cleanups.push(() => connection.close());
  return { connection, prefix };
}

const recordEffect: EventHandler = async (e, em) => {
  const position = Number((e.data as { sector: string }).sector);
  await em.query(
    `INSERT INTO ${TEST_SCHEMA}.effects (event_id, aggregate, position) VALUES ($1, $2, $3)
     ON CONFLICT (event_id) DO UPDATE SET n = effects.n + 1`,
    [e.id, e.subject, position],
  );
};

function startRelay(
  connection: KafkaConnection,
  opts: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  const relay = new OutboxRelay({
    dataSource: ds,
    schema: TEST_SCHEMA,
    publisher: new KafkaPublisher(connection),
    logger: fixtureLogger,
    listenUrl: db.adminUrl,
    pollIntervalMs: 2000,
    ...opts,
  });
  cleanups.push(() => relay.stop());
  return relay;
}

async function startConsumer(
  connection: KafkaConnection,
  group: string,
  handlers: Record<string, EventHandler> = { [TYPE]: recordEffect },
  extra: Partial<ConstructorParameters<typeof ConsumerRunner>[0]> = {},
): Promise<ConsumerRunner> {
  const runner = new ConsumerRunner({
    app: 'mtest',
    group,
    topics: [TOPIC],
    handlers,
    dataSource: ds,
    schema: TEST_SCHEMA,
    connection,
    logger: fixtureLogger,
    sessionTimeoutMs: 6000,
    maxAttempts: 3,
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    ...extra,
  });
  cleanups.push(() => runner.stop());
  await runner.start();
  return runner;
}

async function appendCommitted(events: EventEnvelope[]): Promise<void> {
  await ds.transaction((em) => writer.appendAll(em, events));
}

async function effects(): Promise<
  Array<{ event_id: string; aggregate: string; position: number; n: number }>
> {
  return ds.query(
    `SELECT event_id, aggregate, position, n FROM ${TEST_SCHEMA}.effects ORDER BY applied_seq`,
  );
}

function runCrashWorker(env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const ts = tsProcess('libs/messaging/src/__fixtures__/crash-worker.ts', {
      ...env,
      LOG_LEVEL: 'warn',
    });
    const child = spawn(ts.command, ts.args, {
      cwd: repoRoot,
      env: ts.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('topic provisioning', () => {
  it('creates every registry topic with its settings, and a second run changes nothing', async () => {
    const connection = new KafkaConnection(
      { brokers: testInfra().kafkaBrokers, clientId: 'provision-int', topicPrefix: uniquePrefix() },
      fixtureLogger,
    );
    cleanups.push(() => connection.close());
    const specs = allTopicSpecs();
    const first = await provisionTopics(connection, specs);
    expect(first.created.sort()).toEqual(specs.map((t) => t.name).sort());
    const second = await provisionTopics(connection, specs);
    expect(second).toEqual({ created: [], existing: specs.map((t) => t.name), grown: [] });

    const admin = await connection.getAdmin();
    const meta = await admin.fetchTopicMetadata({
      topics: specs.map((t) => connection.name(t.name)),
    });
    for (const t of specs) {
      expect(meta.topics.find((m) => m.name === connection.name(t.name))?.partitions).toHaveLength(
        t.partitions,
      );
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: 2 /* TOPIC */,
          name: connection.name(Topics.trustScore),
          configNames: ['cleanup.policy'],
        },
      ],
    });
    expect(configs.resources[0].configEntries[0]).toMatchObject({
      configName: 'cleanup.policy',
      configValue: 'compact',
    });
  });

  it('grows a topic that has fewer partitions than the registry asks for (never shrinks one)', async () => {
    const connection = new KafkaConnection(
      { brokers: testInfra().kafkaBrokers, clientId: 'provision-int', topicPrefix: uniquePrefix() },
      fixtureLogger,
    );
    cleanups.push(() => connection.close());
    const spec = { name: TOPIC, partitions: 1, cleanupPolicy: 'delete' as const, retentionMs: -1 };
    await provisionTopics(connection, [spec]);
    expect(await provisionTopics(connection, [{ ...spec, partitions: 3 }])).toEqual({
      created: [],
      existing: [TOPIC],
      grown: [TOPIC],
    });
    // Fewer partitions asked than there are: left alone (Kafka cannot shrink a topic).
    expect((await provisionTopics(connection, [spec])).grown).toEqual([]);
    const admin = await connection.getAdmin();
    const meta = await admin.fetchTopicMetadata({ topics: [connection.name(TOPIC)] });
    expect(meta.topics[0].partitions).toHaveLength(3);
  });
});

describe('outbox → Kafka → inbox', () => {
  it('delivers every appended event exactly once in effect, with envelope headers', async () => {
    const { connection, prefix } = await isolatedKafka();
    await startConsumer(connection, uniqueGroup('mtest.roundtrip'));
    await startRelay(connection).start();
    const events = Array.from({ length: 50 }, (_, i) => participantEvent(crypto.randomUUID(), i));
    await appendCommitted(events.slice(0, 25));
    await appendCommitted(events.slice(25));

    const rows = await waitFor(effects, { until: (r) => r.length === 50, what: '50 effects' });
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
    expect(rows.every((r) => r.n === 1)).toBe(true);

    const wire = await readTopic(`${prefix}${TOPIC}`);
    expect(wire).toHaveLength(50);
    const first = wire.find((r) => r.headers[Header.ceId] === events[0].id)!;
    expect(first.key).toBe(events[0].subject);
    expect(first.headers[Header.ceType]).toBe(TYPE);
    expect(JSON.parse(first.value)).toMatchObject({
      id: events[0].id,
      specversion: '1.0',
      data: events[0].data,
    });
    const pending = await ds.query(
      `SELECT count(*)::int AS n FROM ${TEST_SCHEMA}.outbox WHERE published_at IS NULL`,
    );
    expect(pending[0].n).toBe(0);
  });

  it('applies a redelivered event once', async () => {
    const { connection, prefix } = await isolatedKafka();
    const event = participantEvent(crypto.randomUUID(), 1);
    const record = { key: event.subject, value: JSON.stringify(event), partition: 0 };
    await produceRaw(`${prefix}${TOPIC}`, [record, record, record]);
    const later = participantEvent(crypto.randomUUID(), 2);
    await produceRaw(`${prefix}${TOPIC}`, [
      { key: later.subject, value: JSON.stringify(later), partition: 0 },
    ]);
    await startConsumer(connection, uniqueGroup('mtest.redelivery'));

    const rows = await waitFor(effects, { until: (r) => r.length === 2, what: 'two effects' });
    expect(rows.map((r) => [r.event_id, r.n])).toEqual([
      [event.id, 1],
      [later.id, 1],
    ]);
    const inbox = await ds.query(
      `SELECT count(*)::int AS n FROM ${TEST_SCHEMA}.inbox WHERE event_id = $1`,
      [event.id],
    );
    expect(inbox[0].n).toBe(1);
  });

  it('wakes on the commit (NOTIFY) instead of waiting for its poll', async () => {
    const { connection, prefix } = await isolatedKafka();
    // A poll would come far after the test's deadline.
    await startRelay(connection, { pollIntervalMs: 10 * 60_000 }).start();
    const first = participantEvent(crypto.randomUUID(), 1);
    await appendCommitted([first]);
    await waitFor(() => readTopic(`${prefix}${TOPIC}`), {
      until: (r) => r.length === 1,
      timeoutMs: 10_000,
    });
    // The relay has gone idle after that cycle; only a notification can bring the next event out
    // before the ten-minute poll.
    const second = participantEvent(crypto.randomUUID(), 2);
    await appendCommitted([second]);
    const wire = await waitFor(() => readTopic(`${prefix}${TOPIC}`), {
      until: (r) => r.length === 2,
      timeoutMs: 10_000,
    });
    expect(wire.map((r) => r.headers[Header.ceId])).toContain(second.id);
  });

  it('retries a failing publish with backoff, recording each attempt, until it goes through', async () => {
    const { connection, prefix } = await isolatedKafka();
    const real = new KafkaPublisher(connection);
    let calls = 0;
    // The broker is "down" for the first two attempts.
    const flaky: EventPublisher = {
      publish: (records: OutgoingRecord[]) =>
        ++calls <= 2
          ? Promise.reject(new Error(`broker unreachable #${calls}`))
          : real.publish(records),
    };
    const event = participantEvent(crypto.randomUUID(), 1);
    await appendCommitted([event]);
    const relay = startRelay(connection, { publisher: flaky, listenUrl: undefined });

    await expect(relay.runOnce()).rejects.toThrow('broker unreachable #1');
    const [afterFirst] = await ds.query(
      `SELECT attempts, last_error, published_at, next_attempt_at > now() AS backing_off FROM ${TEST_SCHEMA}.outbox`,
    );
    expect(afterFirst).toMatchObject({
      attempts: 1,
      last_error: 'broker unreachable #1',
      published_at: null,
      backing_off: true,
    });
    expect(await relay.runOnce()).toBe(0); // backing off: not claimed before next_attempt_at

    await ds.query(`UPDATE ${TEST_SCHEMA}.outbox SET next_attempt_at = now()`); // time passes
    await expect(relay.runOnce()).rejects.toThrow('broker unreachable #2');
    await ds.query(`UPDATE ${TEST_SCHEMA}.outbox SET next_attempt_at = now()`);
    expect(await relay.runOnce()).toBe(1);
    const [done] = await ds.query(
      `SELECT attempts, last_error, published_at FROM ${TEST_SCHEMA}.outbox`,
    );
    expect(done.attempts).toBe(3);
    expect(done.last_error).toBeNull();
    expect(done.published_at).not.toBeNull();
    expect(await readTopic(`${prefix}${TOPIC}`)).toHaveLength(1);
  });

  it('publishes nothing for a rolled-back business transaction', async () => {
    const { connection, prefix } = await isolatedKafka();
    const doomed = participantEvent(crypto.randomUUID(), 1);
    await expect(
      ds.transaction(async (em) => {
        await writer.append(em, doomed);
        throw new Error('business rule failed after the append');
      }),
    ).rejects.toThrow('business rule failed');
    const kept = participantEvent(crypto.randomUUID(), 2);
    await appendCommitted([kept]);
    const relay = startRelay(connection);
    expect(await relay.runOnce()).toBe(1);

    const wire = await readTopic(`${prefix}${TOPIC}`);
    expect(wire.map((r) => r.headers[Header.ceId])).toEqual([kept.id]);
    const rows = await ds.query(`SELECT id FROM ${TEST_SCHEMA}.outbox`);
    expect(rows.map((r: { id: string }) => r.id)).toEqual([kept.id]);
  });

  it('keeps per-key order for a burst on one aggregate, with two relays competing', async () => {
    const { connection } = await isolatedKafka();
    const aggregate = crypto.randomUUID();
    const burst = Array.from({ length: 120 }, (_, i) => participantEvent(aggregate, i));
    // Many small transactions, as a busy aggregate would produce them.
    for (let i = 0; i < burst.length; i += 4) await appendCommitted(burst.slice(i, i + 4));
    // Small batches and a short poll, so the two relays interleave their claims.
    const relayA = startRelay(connection, {
      batchSize: 7,
      listenUrl: undefined,
      pollIntervalMs: 50,
    });
    const relayB = startRelay(connection, {
      batchSize: 7,
      listenUrl: undefined,
      pollIntervalMs: 50,
    });
    await Promise.all([relayA.start(), relayB.start()]);
    await startConsumer(connection, uniqueGroup('mtest.order'));

    const rows = await waitFor(effects, {
      until: (r) => r.length === 120,
      what: '120 effects',
      timeoutMs: 40_000,
    });
    expect(rows.map((r) => r.position)).toEqual(burst.map((_, i) => i));
  });

  it('never publishes past a gap: rows of the same key held by another relay block the later ones', async () => {
    // Two relays scanning at once can interleave their row locks, so one claim may hold seq 0 and
    // 8.. while the other holds 1–7. Reproduced deterministically: another transaction locks 1–7.
    const aggregate = crypto.randomUUID();
    const other = crypto.randomUUID();
    const burst = Array.from({ length: 12 }, (_, i) => participantEvent(aggregate, i));
    await appendCommitted([...burst, participantEvent(other, 99)]);
    const seqs: Array<{ seq: string }> = await ds.query(
      `SELECT seq FROM ${TEST_SCHEMA}.outbox WHERE message_key = $1 ORDER BY seq`,
      [aggregate],
    );
    const holder = ds.createQueryRunner();
    await holder.connect();
    cleanups.push(() => holder.release());
    await holder.startTransaction();
    await holder.query(
      `SELECT 1 FROM ${TEST_SCHEMA}.outbox WHERE seq = ANY($1::bigint[]) FOR UPDATE`,
      [seqs.slice(1, 8).map((r) => r.seq)],
    );
    const sent: OutgoingRecord[] = [];
    const relay = startRelay(await isolatedKafka().then((k) => k.connection), {
      publisher: {
        publish: (records) => {
          sent.push(...records);
          return Promise.resolve();
        },
      },
      listenUrl: undefined,
    });

    expect(await relay.runOnce()).toBe(2);
    expect(sent.map((r) => [r.key, JSON.parse(String(r.value)).data.sector])).toEqual([
      [aggregate, '0'],
      [other, '99'],
    ]);
    await holder.rollbackTransaction();
    expect(await relay.runOnce()).toBe(11);
    expect(
      sent.filter((r) => r.key === aggregate).map((r) => JSON.parse(String(r.value)).data.sector),
    ).toEqual(burst.map((_, i) => String(i)));
  });

  it('publishes again after a relay dies between publish and mark, and the consumer applies once', async () => {
    const { connection, prefix } = await isolatedKafka();
    const events = Array.from({ length: 5 }, (_, i) => participantEvent(crypto.randomUUID(), i));
    await appendCommitted(events);
    const code = await runCrashWorker({
      MODE: 'relay',
      DB_URL: db.adminUrl,
      BROKERS: testInfra().kafkaBrokers.join(','),
      PREFIX: prefix,
    });
    expect(code).toBe(86); // died at the fault point
    const unmarked = await ds.query(
      `SELECT count(*)::int AS n FROM ${TEST_SCHEMA}.outbox WHERE published_at IS NULL`,
    );
    expect(unmarked[0].n).toBe(5);
    // The dead relay's lease still holds its rows: nobody publishes them twice meanwhile…
    expect(await startRelay(connection).runOnce()).toBe(0);
    // …until it runs out (time passes), and then another relay takes them.
    await ds.query(`UPDATE ${TEST_SCHEMA}.outbox SET lease_until = now() - interval '1 second'`);
    expect(await startRelay(connection).runOnce()).toBe(5);
    const wire = await readTopic(`${prefix}${TOPIC}`);
    expect(wire).toHaveLength(10); // duplicates on the wire
    await startConsumer(connection, uniqueGroup('mtest.relay-crash'));
    const rows = await waitFor(effects, { until: (r) => r.length === 5, what: 'five effects' });
    // Wait until all ten records were consumed, then check nothing ran twice.
    await waitFor(
      async () => (await ds.query(`SELECT count(*)::int AS n FROM ${TEST_SCHEMA}.inbox`))[0].n,
      { until: (n) => n === 5 },
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('holds no transaction open while the broker is called: the claim is a committed lease', async () => {
    const { connection, prefix } = await isolatedKafka();
    const real = new KafkaPublisher(connection);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slow: EventPublisher = {
      publish: async (records) => {
        calls++;
        await gate; // the broker is slow to acknowledge
        await real.publish(records);
      },
    };
    await appendCommitted([participantEvent(crypto.randomUUID(), 1)]);
    const relay = startRelay(connection, { publisher: slow, listenUrl: undefined });
    const running = relay.runOnce();
    await waitFor(() => Promise.resolve(calls), {
      until: (n) => n === 1,
      what: 'publish under way',
    });
    const idle = await ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(idle[0].n).toBe(0);
    const [leased] = await ds.query(
      `SELECT lease_until > now() AS leased, leased_by, published_at FROM ${TEST_SCHEMA}.outbox`,
    );
    expect(leased).toMatchObject({ leased: true, published_at: null });
    expect(leased.leased_by).toContain(String(process.pid));
    release();
    expect(await running).toBe(1);
    expect(await readTopic(`${prefix}${TOPIC}`)).toHaveLength(1);
  });

  it('rides out a broker outage without counting it against the rows, then publishes them', async () => {
    // A broker that accepts TCP and closes at once: Kafka is down.
    const { connection: live, prefix } = await isolatedKafka();
    const deadPort = await freePort();
    const dead = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => dead.listen(deadPort, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => dead.close(r)));
    const down = new KafkaConnection(
      { brokers: [`127.0.0.1:${deadPort}`], clientId: 'messaging-int-down', topicPrefix: prefix },
      fixtureLogger,
    );
    cleanups.push(() => down.close());
    await appendCommitted([participantEvent(crypto.randomUUID(), 1)]);
    const relay = startRelay(down, { listenUrl: undefined, leaseMs: 2000, maxAttempts: 2 });
    for (let i = 0; i < 3; i++) {
      await expect(relay.runOnce()).rejects.toThrow();
      const [row] = await ds.query(
        `SELECT attempts, parked_at, lease_until, last_error FROM ${TEST_SCHEMA}.outbox`,
      );
      // Not the row's fault: no attempt counted, never parked, the claim given back.
      expect(row).toMatchObject({ attempts: 0, parked_at: null, lease_until: null });
      expect(row.last_error).toBeTruthy();
    }
    expect(await startRelay(live, { listenUrl: undefined }).runOnce()).toBe(1);
    expect(await readTopic(`${prefix}${TOPIC}`)).toHaveLength(1);
  });

  it('bisects a failing batch: a poison row is parked, its key waits behind it, the rest go; an operator releases it', async () => {
    const { connection, prefix } = await isolatedKafka();
    const admin = await connection.getAdmin();
    // A real limit: the topic refuses records over 8 KiB.
    const limit = (bytes: number) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: 2, // TOPIC
            name: `${prefix}${TOPIC}`,
            configEntries: [{ name: 'max.message.bytes', value: String(bytes) }],
          },
        ],
      });
    await limit(8192);
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const events = [
      participantEvent(a, 0),
      participantEvent(b, 1), // poison: too large
      participantEvent(c, 2),
      participantEvent(b, 3), // behind the poison row on key b
      participantEvent(a, 4),
    ];
    await appendCommitted(events);
    await ds.query(
      `UPDATE ${TEST_SCHEMA}.outbox SET envelope = jsonb_set(envelope, '{data,padding}', to_jsonb(repeat('x', 20000)))
       WHERE id = $1`,
      [events[1].id],
    );
    const relay = startRelay(connection, { listenUrl: undefined, maxAttempts: 2 });
    expect(await relay.runOnce()).toBe(3);
    const sectors = async () =>
      (await readTopic(`${prefix}${TOPIC}`)).map((r) => JSON.parse(String(r.value)).data.sector);
    expect(await sectors()).toEqual(expect.arrayContaining(['0', '2', '4']));
    const state = async () =>
      Object.fromEntries(
        (
          await ds.query(
            `SELECT envelope->'data'->>'sector' AS sector, attempts, parked_at IS NOT NULL AS parked,
                    published_at IS NOT NULL AS published, lease_until FROM ${TEST_SCHEMA}.outbox`,
          )
        ).map((r: { sector: string }) => [r.sector, r]),
      );
    expect((await state())['1']).toMatchObject({ attempts: 1, parked: false, published: false });
    expect((await state())['3']).toMatchObject({
      attempts: 0,
      published: false,
      lease_until: null,
    });

    await ds.query(`UPDATE ${TEST_SCHEMA}.outbox SET next_attempt_at = now()`); // time passes
    await expect(relay.runOnce()).rejects.toThrow();
    expect((await state())['1']).toMatchObject({ attempts: 2, parked: true });
    expect(await relay.runOnce()).toBe(0); // key b waits behind its parked row
    const parked = await listParkedOutboxRows(ds, TEST_SCHEMA);
    expect(parked).toEqual([
      expect.objectContaining({ id: events[1].id, key: b, attempts: 2, waitingBehind: 1 }),
    ]);

    // The operator raises the limit and releases the row: it goes, then the one behind it.
    await limit(1_048_588);
    expect(await releaseParkedOutboxRows(ds, TEST_SCHEMA)).toEqual([events[1].id]);
    expect(await relay.runOnce()).toBe(2);
    const wire = await readTopic(`${prefix}${TOPIC}`);
    expect(
      wire.filter((r) => r.key === b).map((r) => JSON.parse(String(r.value)).data.sector),
    ).toEqual(['1', '3']);
  });

  it('applies once when a consumer dies after its database commit and before its offset commit', async () => {
    const { connection, prefix } = await isolatedKafka();
    const event = participantEvent(crypto.randomUUID(), 7);
    await produceRaw(`${prefix}${TOPIC}`, [{ key: event.subject, value: JSON.stringify(event) }]);
    const group = uniqueGroup('mtest.consumer-crash');
    const code = await runCrashWorker({
      MODE: 'consumer',
      DB_URL: db.adminUrl,
      BROKERS: testInfra().kafkaBrokers.join(','),
      PREFIX: prefix,
      TOPIC,
      GROUP: group,
    });
    expect(code).toBe(86);
    expect(await effects()).toHaveLength(1);

    // The same group gets the record again (no offset was committed); the inbox makes it a no-op.
    let redelivered = false;
    await startConsumer(connection, group, {
      [TYPE]: async (e, em, meta) => {
        redelivered = true;
        await recordEffect(e, em, meta);
      },
    });
    const admin = await connection.getAdmin();
    await waitFor(
      async () => {
        const offsets = await admin.fetchOffsets({
          groupId: `${prefix}${group}`,
          topics: [`${prefix}${TOPIC}`],
        });
        return offsets[0].partitions.some((p) => p.offset === '1');
      },
      { what: 'offset committed after redelivery', timeoutMs: 40_000 },
    );
    expect(redelivered).toBe(false); // the handler never ran again: the inbox caught the duplicate
    const rows = await effects();
    expect(rows).toHaveLength(1);
    expect(rows[0].n).toBe(1);
  });

  it('retries a record for as long as its database is away, and never dead-letters it for that', async () => {
    const { connection, prefix } = await isolatedKafka();
    // The consumer reaches PostgreSQL through a proxy the test cuts: the database "goes away".
    const { proxy, url } = await TcpProxy.forUrl(db.adminUrl);
    cleanups.push(() => proxy.close());
    const proxied = await openFixtureDataSource(url);
    cleanups.push(() => proxied.destroy());
    const event = participantEvent(crypto.randomUUID(), 1);
    await startConsumer(connection, uniqueGroup('mtest.db-outage'), undefined, {
      dataSource: proxied,
      maxAttempts: 2, // a counted failure or two would dead-letter it at once
      maxInfrastructureBackoffMs: 300,
    });
    proxy.cut();
    await produceRaw(`${prefix}${TOPIC}`, [{ key: event.subject, value: JSON.stringify(event) }]);
    // Well past maxAttempts × backoff: the consumer kept trying against the cut connection.
    await waitFor(() => Promise.resolve(proxy.refused), {
      until: (n) => n >= 8,
      what: 'attempts against the cut database',
      timeoutMs: 30_000,
    });
    proxy.restore();
    const rows = await waitFor(effects, {
      until: (r) => r.length === 1,
      what: 'applied after the outage',
    });
    expect(rows[0]).toMatchObject({ event_id: event.id, n: 1 });
    expect(await readTopic(`${prefix}${deadLetterTopic(TOPIC, 'mtest')}`)).toHaveLength(0);
  });

  it('dead-letters a record that kills the process after the configured number of deaths, and moves on', async () => {
    const { prefix } = await isolatedKafka();
    const good = participantEvent(crypto.randomUUID(), 1);
    const poison = participantEvent(crypto.randomUUID(), 2);
    (poison.data as Record<string, unknown>).sector = 'poison';
    const last = participantEvent(crypto.randomUUID(), 3);
    (last.data as Record<string, unknown>).sector = 'last';
    await produceRaw(
      `${prefix}${TOPIC}`,
      [good, poison, last].map((e) => ({ key: 'k', value: JSON.stringify(e), partition: 0 })),
    );
    const env = {
      MODE: 'poison',
      DB_URL: db.adminUrl,
      BROKERS: testInfra().kafkaBrokers.join(','),
      PREFIX: prefix,
      TOPIC,
      GROUP: uniqueGroup('mtest.crash-loop'),
      MAX_CRASHES: '2',
    };
    const codes: Array<number | null> = [];
    for (let run = 0; run < 6 && codes[codes.length - 1] !== 0; run++)
      codes.push(await runCrashWorker(env));
    // One death reveals the batch, then two on the record itself; the next start dead-letters it.
    expect(codes).toEqual([87, 87, 87, 0]);
    const dlq = await readTopic(`${prefix}${deadLetterTopic(TOPIC, 'mtest')}`);
    expect(dlq).toHaveLength(1);
    expect(dlq[0].headers[Header.dlqErrorCode]).toBe('CONSUMER.CRASH_LOOP');
    expect(JSON.parse(String(dlq[0].value)).id).toBe(poison.id);
    const rows = await effects();
    expect(rows.map((r) => [r.event_id, r.n])).toEqual([
      [good.id, 1],
      [last.id, 1],
    ]);
  });

  it('dead-letters poison records after the configured attempts and keeps the partition moving', async () => {
    const { connection, prefix } = await isolatedKafka();
    const good1 = participantEvent(crypto.randomUUID(), 1);
    const invalid = { ...participantEvent(crypto.randomUUID(), 2) };
    (invalid.data as Record<string, unknown>).kind = 'pirate'; // breaks the payload schema
    const failing = participantEvent(crypto.randomUUID(), 3);
    const good2 = participantEvent(crypto.randomUUID(), 4);
    await produceRaw(`${prefix}${TOPIC}`, [
      { key: 'k', value: '{"not json', partition: 0 },
      { key: 'k', value: JSON.stringify(good1), partition: 0 },
      { key: 'k', value: JSON.stringify(invalid), partition: 0 },
      { key: 'k', value: JSON.stringify(failing), partition: 0 },
      { key: 'k', value: JSON.stringify(good2), partition: 0 },
    ]);
    let failingAttempts = 0;
    await startConsumer(connection, uniqueGroup('mtest.poison'), {
      [TYPE]: async (e, em, meta) => {
        if (e.id === failing.id) {
          failingAttempts++;
          throw new Error('downstream exploded');
        }
        await recordEffect(e, em, meta);
      },
    });

    const rows = await waitFor(effects, {
      until: (r) => r.length === 2,
      what: 'both good records applied',
    });
    expect(rows.map((r) => r.event_id)).toEqual([good1.id, good2.id]);
    expect(failingAttempts).toBe(3);
    const dlq = await waitFor(() => readTopic(`${prefix}${deadLetterTopic(TOPIC, 'mtest')}`), {
      until: (r) => r.length === 3,
    });
    expect(dlq.map((r) => r.headers[Header.dlqErrorCode])).toEqual([
      'EVENT.NOT_JSON',
      'EVENT.SCHEMA_VIOLATION',
      'UNEXPECTED',
    ]);
    expect(dlq.map((r) => r.headers[Header.dlqAttempts])).toEqual(['1', '1', '3']);
    expect(dlq[1].headers[Header.dlqError]).toContain('/data/kind');
    expect(dlq[2].headers[Header.dlqError]).toBe('downstream exploded');
    expect(dlq[2].value).toBe(JSON.stringify(failing));
    expect(dlq.every((r) => r.headers[Header.dlqSourceTopic] === TOPIC)).toBe(true);
  });

  it('applies records in groups in one transaction: a failing group goes again record by record, the failing one alone, the rest once, in order', async () => {
    const { connection, prefix } = await isolatedKafka();
    const aggregate = crypto.randomUUID();
    const burst = Array.from({ length: 25 }, (_, i) => participantEvent(aggregate, i));
    const failing = burst[12];
    await produceRaw(`${prefix}${TOPIC}`, [
      ...burst.slice(0, 5).map((e) => ({ key: aggregate, value: JSON.stringify(e), partition: 0 })),
      { key: aggregate, value: '{"not json', partition: 0 },
      // A redelivery inside the same group: applied once.
      { key: aggregate, value: JSON.stringify(burst[2]), partition: 0 },
      ...burst.slice(5).map((e) => ({ key: aggregate, value: JSON.stringify(e), partition: 0 })),
    ]);
    let failingAttempts = 0;
    await startConsumer(
      connection,
      uniqueGroup('mtest.grouped'),
      {
        [TYPE]: async (e, em, meta) => {
          // The record's own write happens before it fails: the group's rollback must undo it.
          await recordEffect(e, em, meta);
          if (e.id === failing.id) {
            failingAttempts++;
            throw new Error('downstream exploded');
          }
        },
      },
      { recordsPerTransaction: 10 },
    );
    const rows = await waitFor(effects, { until: (r) => r.length === 24, what: '24 effects' });
    expect(rows.map((r) => r.position)).toEqual(
      burst.filter((e) => e !== failing).map((_, i) => (i < 12 ? i : i + 1)),
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const dlq = await waitFor(() => readTopic(`${prefix}${deadLetterTopic(TOPIC, 'mtest')}`), {
      until: (r) => r.length === 2,
    });
    expect(dlq.map((r) => r.headers[Header.dlqErrorCode])).toEqual([
      'EVENT.NOT_JSON',
      'UNEXPECTED',
    ]);
    // Once in its group, then the configured three attempts on its own.
    expect(failingAttempts).toBe(4);
  });

  it('hands a group to a set-based handler in one call; a failing group goes again record by record through it, the poison one dead-lettered', async () => {
    const { connection, prefix } = await isolatedKafka();
    const aggregate = crypto.randomUUID();
    const burst = Array.from({ length: 25 }, (_, i) => participantEvent(aggregate, i));
    const failing = burst[12];
    await produceRaw(`${prefix}${TOPIC}`, [
      ...burst.slice(0, 5).map((e) => ({ key: aggregate, value: JSON.stringify(e), partition: 0 })),
      { key: aggregate, value: '{"not json', partition: 0 },
      // A redelivery of an applied event, and an id twice inside one group: each applied once.
      { key: aggregate, value: JSON.stringify(burst[2]), partition: 0 },
      ...burst.slice(5, 8).map((e) => ({ key: aggregate, value: JSON.stringify(e), partition: 0 })),
      { key: aggregate, value: JSON.stringify(burst[7]), partition: 0 },
      ...burst.slice(8).map((e) => ({ key: aggregate, value: JSON.stringify(e), partition: 0 })),
    ]);
    const groupSizes: number[] = [];
    let failingAttempts = 0;
    // Declares the handled type; with a group handler every record goes through that one.
    let perRecordCalls = 0;
    const perRecord: EventHandler = () => {
      perRecordCalls++;
      return Promise.resolve();
    };
    await startConsumer(
      connection,
      uniqueGroup('mtest.set-based'),
      { [TYPE]: perRecord },
      {
        recordsPerTransaction: 10,
        groupHandler: async (events, em) => {
          groupSizes.push(events.length);
          // Writes first, then the failure: the whole group's transaction must be undone.
          for (const e of events)
            await recordEffect(e, em, { topic: TOPIC, partition: 0, offset: '0', attempt: 1 });
          if (events.some((e) => e.id === failing.id)) {
            failingAttempts++;
            throw new Error('downstream exploded');
          }
        },
      },
    );
    const rows = await waitFor(effects, { until: (r) => r.length === 24, what: '24 effects' });
    expect(rows.map((r) => r.position)).toEqual(
      burst.filter((e) => e !== failing).map((_, i) => (i < 12 ? i : i + 1)),
    );
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const dlq = await waitFor(() => readTopic(`${prefix}${deadLetterTopic(TOPIC, 'mtest')}`), {
      until: (r) => r.length === 2,
    });
    expect(dlq.map((r) => r.headers[Header.dlqErrorCode])).toEqual([
      'EVENT.NOT_JSON',
      'UNEXPECTED',
    ]);
    // The five before the undecodable record came as one group; the failing record's group was
    // retried record by record (groups of one), the failing one with the configured three attempts.
    expect(groupSizes[0]).toBe(5);
    expect(groupSizes.some((n) => n > 5)).toBe(true);
    expect(groupSizes.filter((n) => n === 1).length).toBeGreaterThanOrEqual(3);
    expect(failingAttempts).toBe(4);
    expect(perRecordCalls).toBe(0);
  });

  it('replays a dead-letter topic to its source topic once', async () => {
    const { connection, prefix } = await isolatedKafka();
    const event = participantEvent(crypto.randomUUID(), 5);
    let broken = true;
    await startConsumer(connection, uniqueGroup('mtest.replay'), {
      [TYPE]: async (e, em, meta) => {
        if (broken) throw new Error('dependency down');
        await recordEffect(e, em, meta);
      },
    });
    await produceRaw(`${prefix}${TOPIC}`, [{ key: event.subject, value: JSON.stringify(event) }]);
    const dlqName = deadLetterTopic(TOPIC, 'mtest');
    await waitFor(() => readTopic(`${prefix}${dlqName}`), {
      until: (r) => r.length === 1,
      what: 'dead letter',
    });

    broken = false; // the operator fixed the cause; now replay
    const report = await replayDeadLetters({
      connection,
      deadLetterTopic: dlqName,
      logger: fixtureLogger,
    });
    expect(report).toEqual({ replayed: 1, byTopic: { [TOPIC]: 1 }, parked: 0 });
    const rows = await waitFor(effects, { until: (r) => r.length === 1, what: 'replayed effect' });
    expect(rows[0].event_id).toBe(event.id);
    const wire = await readTopic(`${prefix}${TOPIC}`);
    expect(wire).toHaveLength(2);
    expect(wire[1].headers[Header.replayedFrom]).toBe(`${dlqName}/0/0`);
    expect(wire[1].headers[Header.dlqError]).toBeUndefined();
    // A second run finds nothing new to replay.
    expect(
      (await replayDeadLetters({ connection, deadLetterTopic: dlqName, logger: fixtureLogger }))
        .replayed,
    ).toBe(0);
  });
});

describe('dead-letter replay that converges', () => {
  it('parks a replayed record that fails again instead of multiplying it; a dry run replays nothing', async () => {
    const { connection, prefix } = await isolatedKafka();
    const event = participantEvent(crypto.randomUUID(), 5);
    await startConsumer(connection, uniqueGroup('mtest.replay-again'), {
      [TYPE]: () => Promise.reject(new Error('still broken')),
    });
    await produceRaw(`${prefix}${TOPIC}`, [{ key: event.subject, value: JSON.stringify(event) }]);
    const dlqName = deadLetterTopic(TOPIC, 'mtest');
    const dlq = () => readTopic(`${prefix}${dlqName}`);
    await waitFor(dlq, { until: (r) => r.length === 1, what: 'dead letter' });

    const lines: string[] = [];
    const captured = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const dry = await replayDeadLetters({
      connection,
      deadLetterTopic: dlqName,
      logger: captured,
      dryRun: true,
    });
    expect(dry).toEqual({ replayed: 1, byTopic: { [TOPIC]: 1 }, parked: 0 });
    expect(lines.some((l) => l.includes('would replay'))).toBe(true);
    expect(lines.some((l) => l.includes('dead letter replayed'))).toBe(false);
    expect(await readTopic(`${prefix}${TOPIC}`)).toHaveLength(1); // nothing was sent

    const first = await replayDeadLetters({
      connection,
      deadLetterTopic: dlqName,
      logger: fixtureLogger,
    });
    expect(first).toEqual({ replayed: 1, byTopic: { [TOPIC]: 1 }, parked: 0 });
    const after = await waitFor(dlq, { until: (r) => r.length === 2, what: 'failed again' });
    expect(after[1].headers[Header.dlqParked]).toBe('true');
    expect(after[1].headers[Header.replayedFrom]).toBe(`${dlqName}/0/0`);

    // Replays converge: the parked record is counted for a person, not sent round again.
    for (let i = 0; i < 2; i++) {
      const again = await replayDeadLetters({
        connection,
        deadLetterTopic: dlqName,
        logger: fixtureLogger,
      });
      expect(again).toEqual({ replayed: 0, byTopic: {}, parked: i === 0 ? 1 : 0 });
    }
    expect(await dlq()).toHaveLength(2);
    expect(await readTopic(`${prefix}${TOPIC}`)).toHaveLength(2);
  });
});

describe('retention of inbox rows and idempotency keys', () => {
  it('purges them past their retention on a moved clock, and a redelivery from the first offset applies nothing twice', async () => {
    const { connection } = await isolatedKafka();
    await startRelay(connection).start();
    const events = Array.from({ length: 9 }, (_, i) => participantEvent(crypto.randomUUID(), i));
    await appendCommitted(events);
    const group = `mtest.retention.${uniqueGroup()}`;
    const first = await startConsumer(connection, group);
    await waitFor(() => effects(), { until: (e) => e.length === 9, what: 'nine effects' });
    await first.stop();
    await ds.query(
      `INSERT INTO ${TEST_SCHEMA}.idempotency_keys (scope, key, request_hash) VALUES ('POST /x', 'k1', 'h')`,
    );

    const settings = { inboxDays: 30, idempotencyKeyHours: 72, batchSize: 4 };
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000);
    // An hour later nothing is due; four days later the key is; a month later the inbox rows are.
    expect(await purgeRetained(ds, TEST_SCHEMA, settings, at(1))).toEqual({
      inbox: 0,
      idempotencyKeys: 0,
    });
    expect(await purgeRetained(ds, TEST_SCHEMA, settings, at(4 * 24))).toEqual({
      inbox: 0,
      idempotencyKeys: 1,
    });
    const inboxBefore: Array<{ kafka_partition: number; max: string }> = await ds.query(
      `SELECT kafka_partition, max(kafka_offset)::text AS max FROM ${TEST_SCHEMA}.inbox
        WHERE consumer_group = $1 GROUP BY kafka_partition ORDER BY kafka_partition`,
      [group],
    );
    expect(await purgeRetained(ds, TEST_SCHEMA, settings, at(31 * 24))).toEqual({
      inbox: 9,
      idempotencyKeys: 0,
    });
    expect(await ds.query(`SELECT 1 FROM ${TEST_SCHEMA}.inbox`)).toEqual([]);
    // The floor remembers, per partition, how far the purged rows went.
    expect(
      await ds.query(
        `SELECT kafka_partition, max_offset::text AS max FROM ${TEST_SCHEMA}.inbox_floor
          WHERE consumer_group = $1 ORDER BY kafka_partition`,
        [group],
      ),
    ).toEqual(inboxBefore);

    // The group's offsets are lost (a service down longer than the broker keeps them): it starts
    // from the first offset again. Nothing is applied twice; a new event still is applied.
    const admin = await connection.getAdmin();
    await admin.deleteGroups([connection.name(group)]);
    await startConsumer(connection, group);
    const late = participantEvent(crypto.randomUUID(), 99);
    await appendCommitted([late]);
    await waitFor(() => effects(), {
      until: (e) => e.length === 10,
      what: 'the new event applied',
    });
    // Wait until the group has committed the end of every partition: every old record was read.
    const topic = connection.name(TOPIC);
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({
          groupId: connection.name(group),
          topics: [topic],
        });
        // A partition the keys never hashed to has nothing to read (end 0, nothing committed).
        return ends.every(
          (e) =>
            e.high === '0' ||
            committed.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
        );
      },
      { until: Boolean, what: 'the group to read every partition to its end' },
    );
    expect((await effects()).map((e) => e.n)).toEqual(Array(10).fill(1));
  });
});
