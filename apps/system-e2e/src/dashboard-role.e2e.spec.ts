import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../test/stack';

/*
 * A dashboard token reads insights and can write nothing anywhere: every write operation that each
 * service documents (POST, PUT, PATCH, DELETE in its OpenAPI, the public token endpoint aside) is
 * called with a dashboard token issued by the catalog, and each answers 403 — checked against the
 * five services as separate processes, so a write endpoint added later is covered without editing
 * this test.
 */
const SERVICES = ['catalog', 'consent', 'integration', 'trust', 'insights'] as const;
let stack: Stack<(typeof SERVICES)[number]>;
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
  stack = await startStack(SERVICES);
  const catalogUrl = stack.apps.catalog.url;
  const operator = await token(catalogUrl, 'platform-operator', stack.operatorSecret);
  const client = await fetch(`${catalogUrl}/v1/platform-clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'City dashboard (synthetic)', roles: ['dashboard'] }),
  });
  if (client.status !== 201) throw new Error(`dashboard client not created: ${client.status}`);
  const credentials = (await client.json()) as { clientId: string; clientSecret: string };
  dashboard = await token(catalogUrl, credentials.clientId, credentials.clientSecret);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('cannot call any write endpoint of any service, and reads insights', async () => {
  const refused: string[] = [];
  const allowed: string[] = [];
  for (const s of SERVICES) {
    const url = stack.apps[s].url;
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
  const overview = await fetch(`${stack.apps.insights.url}/v1/insights/overview`, {
    headers: { authorization: `Bearer ${dashboard}` },
  });
  expect(overview.status).toBe(200);
});

it('has no settable clock unless the stack runs with DEMO_CLOCK', async () => {
  const operator = await token(stack.apps.catalog.url, 'platform-operator', stack.operatorSecret);
  for (const s of SERVICES) {
    const res = await fetch(`${stack.apps[s].url}/v1/admin/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2024-01-01T00:00:00Z' }),
    });
    expect(`${s} ${res.status}`).toBe(`${s} 404`);
  }
});
