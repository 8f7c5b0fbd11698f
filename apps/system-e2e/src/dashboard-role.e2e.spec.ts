import { randomBytes, randomUUID } from 'node:crypto';
import { allTopicSpecs } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import {
  createTestDatabase,
  freePort,
  runMigrationCommand,
  startApp,
  testInfra,
  uniquePrefix,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

/*
 * A dashboard token reads insights and can write nothing anywhere: every write operation that each
 * service documents (POST, PUT, PATCH, DELETE in its OpenAPI, the public token endpoint aside) is
 * called with a dashboard token issued by the catalog, and each answers 403 — checked against the
 * five services as separate processes, so a write endpoint added later is covered without editing
 * this test.
 */
const SERVICES = ['catalog', 'consent', 'integration', 'trust', 'insights'] as const;
const OPERATOR_SECRET = randomBytes(24).toString('base64url');
let db: TestDatabase;
const apps: Partial<Record<(typeof SERVICES)[number], RunningApp>> = {};
let dashboard: string;

async function token(catalogUrl: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${catalogUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  if (res.status !== 200) throw new Error(`token for ${clientId} refused: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  db = await createTestDatabase();
  runMigrationCommand(db, [...SERVICES]);
  const prefix = uniquePrefix();
  const connection = new KafkaConnection(
    { brokers: testInfra().kafkaBrokers, clientId: 'e2e', topicPrefix: prefix },
    createLogger('e2e'),
  );
  await provisionTopics(connection, allTopicSpecs());
  await connection.close();
  const catalogPort = await freePort();
  const issuer = `http://127.0.0.1:${catalogPort}`;
  const common = {
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    JWT_ISSUER: issuer,
    JWKS_URL: `${issuer}/.well-known/jwks.json`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  const started = await Promise.all(
    SERVICES.map((s) =>
      startApp(s, {
        ...common,
        DATABASE_URL: db.urlFor(s),
        ...(s === 'catalog'
          ? { PORT: String(catalogPort), OPERATOR_CLIENT_SECRET: OPERATOR_SECRET }
          : {}),
      }),
    ),
  );
  SERVICES.forEach((s, i) => (apps[s] = started[i]));
  const catalogUrl = apps.catalog!.url;
  const operator = await token(catalogUrl, 'platform-operator', OPERATOR_SECRET);
  const client = await fetch(`${catalogUrl}/platform-clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'City dashboard (synthetic)', roles: ['dashboard'] }),
  });
  if (client.status !== 201) throw new Error(`dashboard client not created: ${client.status}`);
  const credentials = (await client.json()) as { clientId: string; clientSecret: string };
  dashboard = await token(catalogUrl, credentials.clientId, credentials.clientSecret);
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(apps).map((a) => a.stop()));
  await db?.drop();
});

it('cannot call any write endpoint of any service, and reads insights', async () => {
  const refused: string[] = [];
  const allowed: string[] = [];
  for (const s of SERVICES) {
    const url = apps[s]!.url;
    const doc = (await (await fetch(`${url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops).filter((m) =>
        ['post', 'put', 'patch', 'delete'].includes(m),
      )) {
        if (path === '/oauth/token') continue; // public by design (client credentials)
        const concrete = path.replace(/\{[^}]+\}/g, () => randomUUID());
        const res = await fetch(`${url}${concrete}`, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${dashboard}`, 'content-type': 'application/json' },
          body: method === 'delete' ? undefined : '{}',
        });
        (res.status === 403 ? refused : allowed).push(
          `${s} ${method.toUpperCase()} ${path} → ${res.status}`,
        );
      }
  }
  expect(allowed).toEqual([]);
  expect(refused.length).toBeGreaterThanOrEqual(30); // 36 today
  // Every service but insights (read-only) has write endpoints, and each was refused.
  for (const s of SERVICES.filter((x) => x !== 'insights'))
    expect(refused.some((r) => r.startsWith(`${s} `))).toBe(true);
  const overview = await fetch(`${apps.insights!.url}/insights/overview`, {
    headers: { authorization: `Bearer ${dashboard}` },
  });
  expect(overview.status).toBe(200);
});

it('has no settable clock unless the stack runs with DEMO_CLOCK', async () => {
  const operator = await token(apps.catalog!.url, 'platform-operator', OPERATOR_SECRET);
  for (const s of SERVICES) {
    const res = await fetch(`${apps[s]!.url}/admin/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2024-01-01T00:00:00Z' }),
    });
    expect(`${s} ${res.status}`).toBe(`${s} 404`);
  }
});
