import { spawn } from 'node:child_process';
import { Client } from 'pg';
import {
  createTestDatabase,
  createTopics,
  produceRaw,
  repoRoot,
  testInfra,
  tsProcess,
  uniqueTopic,
  type TestDatabase,
} from '@dx/testing';
import { checkStack, ownDatabaseName } from './stack-check';

/*
 * `npm start`'s check that the local database belongs to the running broker, against the real
 * ones: a database whose trust service consumed offsets the broker has is accepted and stamped;
 * offsets past a partition's end, or on a topic the broker does not have (a second clone's fresh
 * broker, a deleted .local/), stop the start with an explanation and exit 3.
 */
let db: TestDatabase;
let sql: Client;
const topic = uniqueTopic('stack-check');
let env: Record<string, string>;

function run(
  script: string,
  extra: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const ts = tsProcess(script, extra);
  return new Promise((resolve) => {
    const child = spawn(ts.command, ts.args, { cwd: repoRoot, env: ts.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  env = {
    DX_PG_ADMIN_URL: db.adminUrl,
    DX_DATABASE: db.name,
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
  };
  Object.assign(process.env, env);
  const migrated = await run('apps/trust/src/migrate.ts', {
    TRUST_DATABASE_URL: db.urlFor('trust'),
  });
  if (migrated.code !== 0) throw new Error(`trust migrations failed:\n${migrated.out}`);
  await createTopics([topic], 1);
  await produceRaw(
    topic,
    [0, 1, 2].map((i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })),
  );
  sql = new Client({ connectionString: db.adminUrl });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

const consumed = (offset: number, onTopic = topic) =>
  sql.query(
    `INSERT INTO trust.inbox (consumer_group, event_id, event_type, topic, kafka_partition, kafka_offset)
     VALUES ('trust.test', gen_random_uuid(), 'test.event', $1, 0, $2)`,
    [onTopic, offset],
  );

it('accepts a database whose consumers read offsets the broker has, and stamps it', async () => {
  await consumed(2);
  const r = await checkStack('/home/ana/dx');
  expect(r.ok).toBe(true);
  expect(r.unknown).toEqual([]);
  const stamp = await sql.query(`SELECT kafka_cluster_id, checkout FROM public.dx_local_stack`);
  expect(stamp.rows).toEqual([{ kafka_cluster_id: r.clusterId, checkout: '/home/ana/dx' }]);
});

it('refuses offsets past a partition end and topics the broker lacks, naming who set it up', async () => {
  await consumed(7);
  const missing = `${topic}-gone`;
  await consumed(0, missing);
  const r = await checkStack('/home/ana/dx-second');
  expect(r.ok).toBe(false);
  expect(r.unknown).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ schema: 'trust', topic, partition: 0, offset: 7n, end: 3n }),
      expect.objectContaining({ schema: 'trust', topic: missing, end: null }),
    ]),
  );
  // The stamp still names the checkout that set the database up.
  expect(r.stamp).toEqual(expect.objectContaining({ checkout: '/home/ana/dx' }));

  const cli = await run('tools/cli/stack-check.ts', env);
  expect(cli.code).toBe(3);
  expect(cli.out).toContain(`the database ${db.name} on`);
  expect(cli.out).toContain('belongs to another Kafka cluster than the one running');
  expect(cli.out).toContain(
    `It was set up by the checkout in /home/ana/dx with Kafka cluster ${r.clusterId}`,
  );
  expect(cli.out).toContain(
    `trust consumed ${topic}[0] up to offset 7, which this broker ends at 3`,
  );
  expect(cli.out).toContain('npm run demo');
  expect(cli.out).toContain(`DX_DATABASE=${ownDatabaseName(repoRoot)} npm start`);
});

it('names a database of its own after the checkout folder', () => {
  expect(ownDatabaseName('/home/ana/My Repo-2')).toBe('dx_my_repo_2');
});
