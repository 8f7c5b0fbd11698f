import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Topics } from '@dx/contracts';
import {
  createTestDatabase,
  readTopic,
  repoRoot,
  startApp,
  testInfra,
  uniquePrefix,
  waitFor,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

/*
 * What the Docker image runs, without Docker: `tsc -p tsconfig.build.json` (the Dockerfile's build
 * stage), then the compiled migration and topic one-shots and the compiled app entry point with the
 * runtime path aliases (the image's CMD). Catches a build that type-checks but does not run.
 */
let db: TestDatabase;
let catalog: RunningApp;
let prefix: string;
const secret = randomBytes(24).toString('base64url');
let migrated = '';
let provisioned = '';

function runCompiled(script: string, env: Record<string, string>, args: string[] = []): string {
  return execFileSync(
    process.execPath,
    ['-r', 'tsconfig-paths/register', join(repoRoot, 'dist', script), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.runtime.json'), ...env },
      encoding: 'utf8',
    },
  );
}

beforeAll(async () => {
  execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  db = await createTestDatabase();
  prefix = uniquePrefix();
  migrated = runCompiled('tools/cli/migrate.js', { CATALOG_DATABASE_URL: db.urlFor('catalog') }, [
    'catalog',
  ]);
  provisioned = runCompiled('tools/cli/provision-topics.js', {
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
  });
  catalog = await startApp(
    'catalog',
    {
      DATABASE_URL: db.urlFor('catalog'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_CLIENT_SECRET: secret,
    },
    { compiled: true },
  );
});

afterAll(async () => {
  await catalog?.stop();
  await db?.drop();
});

describe('the compiled build (the image entry point)', () => {
  it('runs the migration and topic one-shots', () => {
    expect(migrated).toContain(
      '[migrate] catalog: CreateMessagingTables1767225600000, CreateParticipantsAndIdentity',
    );
    expect(provisioned).toMatch(/created: .*catalog\.participant\.v1/);
  });

  it('serves tokens, registers a participant and publishes its event', async () => {
    const tokenRes = await fetch(`${catalog.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`platform-operator:${secret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bank (synthetic)',
        kind: 'business',
        legalId: '990140001560',
        sector: 'banking',
        contactEmail: 'data@bank.example',
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const wire = await waitFor(() => readTopic(`${prefix}${Topics.catalogParticipant}`), {
      until: (r) => r.length === 1,
    });
    expect(wire[0].key).toBe(id);
    const docs = await fetch(`${catalog.url}/docs-json`);
    expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(
      '/v1/participants',
    );
  });
});
