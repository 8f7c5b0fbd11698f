import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SERVICES, type DemoRun, type PlatformClient, type Plan, type Service } from '@dx/demo';
import { Topics } from '@dx/contracts';
import { ConsumerRunner, KafkaConnection, kafkaErrorType } from '@dx/messaging';
import pino from 'pino';
import { DataSource } from 'typeorm';
import {
  kafkaClientEnv,
  kafkaTestSecurity,
  repoRoot,
  testInfra,
  testKafka,
  tsProcess,
  waitFor,
} from '@dx/testing';
import { startDemoStack, type Stack } from '../test/stack';

/*
 * The five services against the secured broker (TLS + SASL/SCRAM-SHA-512, StandardAuthorizer with
 * deny by default, the ACLs generated from the topic registry), each as its own principal. The
 * Almaty demo, shortened to two months, makes every service publish and consume; then what the
 * ACLs must refuse is tried: a service writing a topic it does not own, a service joining another's
 * group, and a boot with a wrong password or an untrusted CA.
 */
let stack: Stack<Service>;
let api: PlatformClient;
let plan: Plan;
let run: DemoRun;

beforeAll(async () => {
  if (!testInfra().kafkaSecurity) throw new Error('the secured tier needs the secured broker');
  ({ stack, api, plan, run } = await startDemoStack(2));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

interface Overview {
  participants: { total: number };
  datasets: { total: number };
  agreements: { total: number };
  deliveries: { fulfilled: number; missed: number };
}

it('every service boots as its own principal, publishes and consumes: the demo reaches the dashboard', async () => {
  const e = plan.expected;
  // insights consumes every topic: its figures need catalog, consent, integration and trust to
  // have published, and consent (deliveries) and trust (evidence) to have consumed.
  const overview = await waitFor(
    async () =>
      (await api.call<Overview>('insights', 'GET', '/v1/insights/overview', undefined)).body,
    {
      until: (o) => o.deliveries.fulfilled === e.fulfilled && o.deliveries.missed === e.missed,
      what: 'insights to project the demo from the secured broker',
      timeoutMs: 60_000,
    },
  );
  expect(overview.participants.total).toBe(8);
  expect(overview.datasets.total).toBe(8);
  expect(overview.agreements.total).toBe(8);
  expect(run.deliveries).toBe(e.fulfilled);
  // trust consumed the evidence and published scores that catalog consumed back.
  const telecom = run.state.parties.telecom.id;
  const trust = await waitFor(
    async () =>
      (
        await api.call<{ evidenceCount?: number; score: number }>(
          'trust',
          'GET',
          `/v1/participants/${telecom}/trust?role=provider`,
          undefined,
        )
      ).body,
    { until: (t) => t.score > 0.4, what: 'trust to score the telecom from its deliveries' },
  );
  expect(trust.score).toBeGreaterThan(0.4);
  // No service dead-lettered anything for want of a right.
  for (const app of SERVICES)
    expect(stack.apps[app].output()).not.toMatch(/AUTHORIZATION_FAILED|KafkaAuthorizationError/);
});

it('refuses a service that writes a topic it does not own, with a clear error, and loses nothing', async () => {
  // A row in catalog's outbox for trust's topic: what a bug or a compromised catalog would send.
  const db = new Client({ connectionString: stack.db.adminUrl });
  await db.connect();
  try {
    const id = randomUUID();
    await db.query(
      `INSERT INTO catalog.outbox (id, topic, message_key, envelope)
       VALUES ($1, $2, $3, $4)`,
      [
        id,
        Topics.trustScore,
        'forged',
        JSON.stringify({
          id,
          type: 'dx.trust.score.updated',
          source: 'catalog',
          specversion: '1.0',
          data: {},
        }),
      ],
    );
    const row = await waitFor(
      async () =>
        (
          await db.query<{ published_at: Date | null; last_error: string | null }>(
            'SELECT published_at, last_error FROM catalog.outbox WHERE id = $1',
            [id],
          )
        ).rows[0],
      { until: (r) => Boolean(r?.last_error), what: 'the relay to try the forbidden write' },
    );
    expect(row.published_at).toBeNull();
    expect(row.last_error).toContain('TOPIC_AUTHORIZATION_FAILED');
    expect(row.last_error).toContain(
      `User:dx-catalog WRITE on ${stack.prefix}${Topics.trustScore}`,
    );
    await waitFor(
      () =>
        Promise.resolve(
          stack.apps.catalog
            .output()
            .split('\n')
            .some(
              (l) =>
                l.includes('"level":"error"') &&
                l.includes('"component":"outbox-relay"') &&
                l.includes('TOPIC_AUTHORIZATION_FAILED'),
            ),
        ),
      { until: Boolean, what: 'the refusal logged as an error by the relay' },
    );
    // Nothing under catalog's name reached trust's topic.
    const forged = await readAll(`${stack.prefix}${Topics.trustScore}`);
    expect(forged.filter((k) => k === 'forged')).toEqual([]);
    // Stop the retries so they do not outlive the test's interest (and keep the log readable).
    await db.query('DELETE FROM catalog.outbox WHERE id = $1', [id]);
  } finally {
    await db.end();
  }
});

it("refuses a service that joins another service's consumer group or reads a topic it does not consume", async () => {
  // insights in trust's evidence group: the broker refuses the group (kafkajs then reports that it
  // found no coordinator) and the consumer never gets a partition.
  const intruder = testKafka('dx-insights').consumer({ groupId: `${stack.prefix}trust.evidence` });
  let joined = false;
  intruder.on(intruder.events.GROUP_JOIN, () => (joined = true));
  const crash = new Promise<Error>((resolve) =>
    intruder.on(intruder.events.CRASH, (e) => resolve(e.payload.error)),
  );
  await intruder.connect();
  await intruder.subscribe({ topics: [`${stack.prefix}${Topics.consentObligation}`] });
  await intruder.run({ eachMessage: () => Promise.resolve() });
  const groupError = await crash;
  expect(groupError.name).toBe('KafkaJSGroupCoordinatorNotFound');
  expect(joined).toBe(false);
  await intruder.disconnect();
  // insights in its own group, on the inbound topic that only integration reads.
  const reader = testKafka('dx-insights').consumer({
    groupId: `${stack.prefix}insights.read-models`,
  });
  const refused = await reader
    .connect()
    .then(() => reader.subscribe({ topics: [`${stack.prefix}${Topics.integrationInbound}`] }))
    .then(() => reader.run({ eachMessage: () => Promise.resolve() }))
    .then(
      () =>
        new Promise<unknown>((resolve) =>
          reader.on(reader.events.CRASH, (e) => resolve(e.payload.error)),
        ),
    )
    .catch((err: unknown) => err);
  expect(kafkaErrorType(refused)).toBe('TOPIC_AUTHORIZATION_FAILED');
  await reader.disconnect();
  // The same refusals a service meets are logged as errors naming the principal and the ACLs.
  const runnerLog = await captureRunnerRefusal();
  expect(runnerLog).toContain('Kafka refused User:dx-insights READ (join) on');
  expect(runnerLog).toContain('GROUP_AUTHORIZATION_FAILED');
});

/** A ConsumerRunner as insights, in trust's group: what it logs when the broker refuses it. */
async function captureRunnerRefusal(): Promise<string> {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
  const connection = new KafkaConnection(
    {
      brokers: testInfra().kafkaBrokers,
      clientId: 'dx-insights',
      topicPrefix: stack.prefix,
      security: kafkaTestSecurity('dx-insights'),
    },
    logger,
  );
  const ds = await new DataSource({
    type: 'postgres',
    url: stack.db.urlFor('insights'),
  }).initialize();
  const runner = new ConsumerRunner({
    app: 'insights',
    group: 'trust.evidence',
    topics: [Topics.consentObligation],
    handlers: {},
    dataSource: ds,
    schema: 'insights',
    connection,
    logger,
  });
  try {
    await runner.start();
    await waitFor(() => Promise.resolve(lines.join('')), {
      until: (l) => l.includes('AUTHORIZATION_FAILED'),
      what: 'the runner to log the refusal',
    });
    return lines.join('');
  } finally {
    await runner.stop().catch(() => undefined);
    await connection.close();
    await ds.destroy();
  }
}

/** The keys of every record on a topic, read as the operator. */
async function readAll(topic: string): Promise<string[]> {
  const admin = testKafka().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const keys: string[] = [];
  if (total === 0) return keys;
  const consumer = testKafka().consumer({ groupId: `${stack.prefix}ops.check.${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => Promise.resolve(void keys.push(String(message.key))),
  });
  await waitFor(() => Promise.resolve(keys.length), {
    until: (n) => n >= total,
    what: `${total} records`,
  });
  await consumer.disconnect();
  return keys;
}

/** Runs the catalog's entry point and returns its exit code and output (it must not start). */
async function bootCatalog(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const ts = tsProcess('apps/catalog/src/main.ts', {
    PORT: '0',
    DATABASE_URL: stack.db.urlFor('catalog'),
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: stack.prefix,
    OPERATOR_CLIENT_SECRET: 'a-secret-of-enough-length',
    LOG_LEVEL: 'warn',
    ...kafkaClientEnv('dx-catalog'),
    ...env,
  });
  const child = spawn(ts.command, ts.args, { cwd: repoRoot, env: ts.env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // Bounded: a catalog that does not stop at boot fails the wait (and is killed), not the run.
  const code = await waitFor(() => Promise.race([exited, Promise.resolve(undefined)]), {
    until: (c) => c !== undefined,
    what: 'the catalog to exit at boot',
    timeoutMs: 60_000,
  }).finally(() => child.exitCode === null && child.kill('SIGKILL'));
  return { code: code ?? null, out };
}

it('stops at boot with a wrong password, naming the setting', async () => {
  const wrong = join(tmpdir(), `dx-wrong-${randomUUID()}.password`);
  writeFileSync(wrong, 'not-the-password\n', { mode: 0o600 });
  const { code, out } = await bootCatalog({ KAFKA_SASL_PASSWORD_FILE: wrong });
  expect(code).toBe(1);
  expect(out).toContain('catalog cannot start');
  expect(out).toContain(
    'KAFKA_SASL_PASSWORD: the broker refused the credentials of User:dx-catalog',
  );
});

it('stops at boot when the broker certificate is not signed by the configured CA, naming the setting', async () => {
  // A CA the broker's certificate does not chain to: the system's bundle.
  const { code, out } = await bootCatalog({
    KAFKA_SSL_CA_FILE: '/etc/ssl/certs/ca-certificates.crt',
  });
  expect(code).toBe(1);
  expect(out).toContain("KAFKA_SSL_CA_FILE: the broker's certificate is not trusted");
});

/** An operator command with the secured broker's settings; `as` picks another principal. */
function operatorCommand(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; out: string } {
  const run = spawnSync(args[0], args.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, KAFKA_TOPIC_PREFIX: stack.prefix, ...env },
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

it('runs the operator tooling with the same settings: the Kafka CLI and the dead-letter replay', () => {
  const sec = testInfra().kafkaSecurity!;
  const asCatalog = {
    KAFKA_SASL_USERNAME: 'dx-catalog',
    KAFKA_SASL_PASSWORD_FILE: join(sec.credentialsDir, 'dx-catalog.password'),
  };
  const kafka = (env: Record<string, string> = {}) =>
    operatorCommand(['bash', 'tools/local-infra/kafka.sh', 'topics', '--list'], env);
  // The operator (DX_KAFKA_* of the secured broker) sees every topic of this stack…
  const all = kafka();
  expect(all.code).toBe(0);
  expect(all.out).toContain(`${stack.prefix}${Topics.consentObligation}`);
  expect(all.out).toContain(`${stack.prefix}${Topics.trustScore}`);
  // …catalog's principal only what its ACLs let it describe.
  const mine = kafka(asCatalog);
  expect(mine.code).toBe(0);
  expect(mine.out).toContain(`${stack.prefix}${Topics.catalogParticipant}`);
  expect(mine.out).toContain(`${stack.prefix}${Topics.trustScore}`);
  expect(mine.out).not.toContain(`${stack.prefix}${Topics.consentObligation}`);
  // The replay command connects as the operator; with a wrong password it stops naming the setting.
  const dlq = `${Topics.catalogParticipant}.dlq.trust`;
  const ts = tsProcess('tools/cli/dlq-replay.ts');
  const replay = operatorCommand([ts.command, ...ts.args, dlq, '--dry-run'], {
    SWC_NODE_PROJECT: ts.env.SWC_NODE_PROJECT!,
  });
  expect(replay).toEqual({ code: 0, out: expect.stringContaining('[dlq] would replay 0') });
  const wrong = join(tmpdir(), `dx-wrong-${randomUUID()}.password`);
  writeFileSync(wrong, 'nope', { mode: 0o600 });
  const refused = operatorCommand([ts.command, ...ts.args, dlq, '--dry-run'], {
    SWC_NODE_PROJECT: ts.env.SWC_NODE_PROJECT!,
    KAFKA_SASL_USERNAME: 'dx-operator',
    KAFKA_SASL_PASSWORD_FILE: wrong,
  });
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('KAFKA_SASL_PASSWORD');
});
