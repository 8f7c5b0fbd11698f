import { randomUUID } from 'node:crypto';
import { PlatformClient, SERVICES, type Credentials, type Service } from '@dx/demo';
import { freePort, waitFor } from '@dx/testing';
import { platformClientFor, startStack, type Stack } from '../test/stack';

/*
 * Suspension bites at once (probe finding): a participant's access token issued before an operator
 * suspends it is refused by every service within seconds (403, AUTH.PARTICIPANT_SUSPENDED), not only
 * at its next token request; reinstating it lets the same token through again. Each service learns
 * it from catalog.participant.v1 in its own group and every replica rereads the list each second.
 */
let stack: Stack<Service>;
let api: PlatformClient;
const management = {} as Record<Service, number>;

beforeAll(async () => {
  // Each service's metrics on a management port of its own, as on Kubernetes.
  for (const s of SERVICES) management[s] = await freePort();
  stack = await startStack(
    SERVICES,
    { OUTBOX_POLL_MS: '200', SUSPENSION_REFRESH_MS: '500' },
    Object.fromEntries(SERVICES.map((s) => [s, { MANAGEMENT_PORT: String(management[s]) }])),
  );
  api = platformClientFor(stack);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** One read per service that a participant may make (its answer before suspension is not 403 AUTH.PARTICIPANT_SUSPENDED). */
const reads = (id: string): Record<Service, string> => ({
  catalog: `/v1/participants/${id}`,
  consent: '/v1/agreements',
  integration: `/v1/deliveries/${randomUUID()}`,
  trust: `/v1/participants/${id}/trust?role=provider`,
  // A dashboard-only API: a participant gets 403 AUTH.ROLE_REQUIRED there, until it is suspended.
  insights: '/v1/insights/overview',
});

async function answers(who: Credentials, id: string) {
  const out = {} as Record<Service, { status: number; code?: string }>;
  for (const s of SERVICES) {
    const r = await api.call<{ code?: string }>(s, 'GET', reads(id)[s], who, {
      expect: [200, 403, 404],
    });
    out[s] = { status: r.status, code: r.body?.code };
  }
  return out;
}

it("refuses a suspended participant's existing token in every service within seconds, and accepts it again after reinstatement", async () => {
  const registered = await api.call<{ id: string; clientId: string; clientSecret: string }>(
    'catalog',
    'POST',
    '/v1/participants',
    undefined,
    {
      body: {
        name: 'Suspended Retail (synthetic)',
        kind: 'business',
        legalId: '990140003001',
        sector: 'retail',
        contactEmail: 'data@suspended.example',
      },
    },
  );
  const { id } = registered.body;
  const who = { clientId: registered.body.clientId, clientSecret: registered.body.clientSecret };
  // The token is taken now, before the suspension, and reused below (the client caches it).
  await api.token(who);
  const before = await answers(who, id);
  for (const s of SERVICES) expect(before[s].code).not.toBe('AUTH.PARTICIPANT_SUSPENDED');
  expect(before.catalog.status).toBe(200);
  expect(before.insights).toEqual({ status: 403, code: 'AUTH.ROLE_REQUIRED' });

  await api.call('catalog', 'PATCH', `/v1/participants/${id}`, undefined, {
    body: { status: 'suspended', statusReason: 'Shared data beyond the agreed purpose' },
  });
  const suspendedAt = Date.now();
  const refused = await waitFor(() => answers(who, id), {
    until: (a) => SERVICES.every((s) => a[s].code === 'AUTH.PARTICIPANT_SUSPENDED'),
    what: 'every service to refuse the suspended participant',
    timeoutMs: 15_000,
    intervalMs: 200,
  });
  for (const s of SERVICES) expect(refused[s].status).toBe(403);
  expect(Date.now() - suspendedAt).toBeLessThan(15_000);

  await api.call('catalog', 'PATCH', `/v1/participants/${id}`, undefined, {
    body: { status: 'active', statusReason: 'Remedied' },
  });
  const back = await waitFor(() => answers(who, id), {
    until: (a) => SERVICES.every((s) => a[s].code !== 'AUTH.PARTICIPANT_SUSPENDED'),
    what: 'every service to accept the reinstated participant',
    timeoutMs: 15_000,
    intervalMs: 200,
  });
  expect(back.catalog.status).toBe(200);
  expect(back.insights.code).toBe('AUTH.ROLE_REQUIRED');
});

it('sends nosniff and forbids framing on every service; the dashboard page carries a strict CSP', async () => {
  for (const s of SERVICES) {
    for (const path of ['/health/live', '/docs-json', '/does-not-exist']) {
      const res = await fetch(`${stack.apps[s].url}${path}`);
      expect([s, path, res.headers.get('x-content-type-options')]).toEqual([s, path, 'nosniff']);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  }
  const page = await fetch(`${stack.apps.insights.url}/`);
  expect(page.status).toBe(200);
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
});

it('serves /metrics and health on the management port only, never on the API port', async () => {
  for (const s of SERVICES) {
    const mgmt = `http://127.0.0.1:${management[s]}`;
    const metrics = await fetch(`${mgmt}/metrics`);
    expect([s, metrics.status]).toEqual([s, 200]);
    expect(await metrics.text()).toMatch(/^# (HELP|TYPE) /m);
    expect((await fetch(`${mgmt}/health/ready`)).status).toBe(200);
    // Nothing of the API is reachable there, and the API port has no metrics.
    expect((await fetch(`${mgmt}/docs-json`)).status).toBe(404);
    const onApi = await fetch(`${stack.apps[s].url}/metrics`);
    expect([s, onApi.status]).toEqual([s, 404]);
  }
});
