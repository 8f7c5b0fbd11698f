import { randomUUID } from 'node:crypto';
import { ok, type DxClient } from '@dx/client';
import { operatorClient, startStack, type Stack } from '../test/stack';

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
let reader: DxClient;

beforeAll(async () => {
  stack = await startStack(SERVICES);
  // The operator and the dashboard act through the published typed client (@dx/client).
  const operator = operatorClient(stack);
  const client = await ok(
    operator.catalog.POST('/v1/platform-clients', {
      body: { name: 'City dashboard (synthetic)', roles: ['dashboard'] },
    }),
  );
  reader = operator.as({ clientId: client.clientId, clientSecret: client.clientSecret! });
  dashboard = await reader.token();
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
        // Raw on purpose: every documented write, whatever its body, with the dashboard's token.
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
  const overview = await reader.insights.GET('/v1/insights/overview');
  expect(overview.response.status).toBe(200);
});

it('has no settable clock unless the stack runs with DEMO_CLOCK', async () => {
  // The demo clock is outside the published documents (demo stacks only): a raw call.
  const operator = await operatorClient(stack).token();
  for (const s of SERVICES) {
    const res = await fetch(`${stack.apps[s].url}/v1/admin/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ at: '2024-01-01T00:00:00Z' }),
    });
    expect(`${s} ${res.status}`).toBe(`${s} 404`);
  }
});
