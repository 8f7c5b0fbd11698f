import { waitFor, type RunningApp } from '@dx/testing';
import { startStack, type Stack } from '../test/stack';

/*
 * The main flow (docs/architecture.md, "The main flow"), steps 1–3, across separate processes: the operator registers
 * a telecom and the city in the catalog; the telecom publishes a dataset; consent learns it from
 * catalog.dataset.v1; the city requests it with the participants' real catalog tokens; the telecom
 * counter-offers (fewer fields, daily); the city accepts, then the telecom; the agreement is ACTIVE
 * and its first delivery is scheduled. Trust runs alongside, consuming the same participant events.
 */
let stack: Stack<'catalog' | 'consent' | 'trust'>;
let catalog: RunningApp;
let consent: RunningApp;

async function post<T = Record<string, unknown>>(
  url: string,
  token: string | undefined,
  body: unknown,
  form = false,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
    },
    body: form ? new URLSearchParams(body as Record<string, string>) : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function token(clientId: string, secret: string): Promise<string> {
  const r = await post<{ access_token: string }>(
    `${catalog.url}/oauth/token`,
    undefined,
    { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
    true,
  );
  expect(r.status).toBe(200);
  return r.body.access_token;
}

beforeAll(async () => {
  stack = await startStack(
    ['catalog', 'consent', 'trust'],
    { OUTBOX_POLL_MS: '200' },
    { consent: { SCHEDULER_INTERVAL_MS: '200' } },
  );
  ({ catalog, consent } = stack.apps);
});

afterAll(async () => {
  await stack?.stop();
});

it('registers, publishes, negotiates with a counter-offer to ACTIVE and schedules the first delivery, across services', async () => {
  const operator = await token('platform-operator', stack.operatorSecret);
  const register = (name: string, kind: string, legalId: string) =>
    post<{ id: string; clientId: string; clientSecret: string }>(
      `${catalog.url}/v1/participants`,
      operator,
      {
        name,
        kind,
        legalId,
        sector: 'synthetic sector',
        contactEmail: 'data@example.kz',
      },
    );
  const telecomReg = await register('Telecom (synthetic)', 'business', '990140001560');
  const cityReg = await register(
    'City digitalization department (synthetic)',
    'municipality',
    '990240001237',
  );
  expect([telecomReg.status, cityReg.status]).toEqual([201, 201]);
  const telecom = await token(telecomReg.body.clientId, telecomReg.body.clientSecret);
  const city = await token(cityReg.body.clientId, cityReg.body.clientSecret);

  const dataset = await post<{ id: string }>(`${catalog.url}/v1/datasets`, telecom, {
    title: 'Population presence by district, hourly (synthetic)',
    description: 'People present per district and hour.',
    themes: ['SOCI'],
    keywords: ['population'],
    licence: 'agreement-only',
    sensitivity: 'personal-aggregated',
    updateFrequency: 'PT1H',
    spatialCoverage: { name: 'Almaty' },
    temporalCoverage: { start: '2024-01-01' },
    legalBasis: 'Data-sharing agreement',
    contactPoint: { name: 'Data office', email: 'data@telecom.example' },
    recordSchema: {
      primaryKey: ['district', 'hour'],
      timeField: 'hour',
      schema: {
        type: 'object',
        required: ['district', 'hour', 'people'],
        properties: {
          district: { type: 'string' },
          hour: { type: 'string', format: 'date-time' },
          people: { type: 'integer' },
          dwellMinutes: { type: 'number' },
        },
      },
    },
  });
  expect(dataset.status).toBe(201);
  expect(
    (await post(`${catalog.url}/v1/datasets/${dataset.body.id}/publish`, telecom, {})).status,
  ).toBe(200);

  const request = {
    datasetId: dataset.body.id,
    purpose: 'urban-planning',
    purposeDescription: 'Plan bus routes from where people are during the day.',
    legalBasis: 'City data charter',
    fields: ['people', 'dwellMinutes'],
    deliveryFrequency: 'PT1H',
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    retentionDays: 90,
  };
  // Consent learns of the dataset from catalog.dataset.v1 within moments; until then it says 422.
  const requested = await waitFor(
    () =>
      post<{ id: string; state: string; providerId: string }>(
        `${consent.url}/v1/agreements`,
        city,
        request,
      ),
    {
      until: (r) => r.status === 201,
      what: 'the dataset reaching consent',
      timeoutMs: 30_000,
    },
  );
  expect(requested.body).toEqual(
    expect.objectContaining({ state: 'REQUESTED', providerId: telecomReg.body.id }),
  );
  const id = requested.body.id;

  const counter = await post<{ state: string; latestTermVersion: number }>(
    `${consent.url}/v1/agreements/${id}/offers`,
    telecom,
    {
      fields: ['people'],
      deliveryFrequency: 'P1D',
    },
  );
  expect(counter.body).toEqual(expect.objectContaining({ state: 'OFFERED', latestTermVersion: 2 }));
  expect(
    (
      await post<{ state: string }>(`${consent.url}/v1/agreements/${id}/accept`, city, {
        termVersion: 2,
      })
    ).body.state,
  ).toBe('ACCEPTED');
  const active = await post<{
    state: string;
    termVersions: Array<{ terms: { fields: string[]; deliveryFrequency: string } }>;
  }>(`${consent.url}/v1/agreements/${id}/accept`, telecom, { termVersion: 2 });
  expect(active.body.state).toBe('ACTIVE');
  expect(active.body.termVersions[1].terms).toEqual(
    expect.objectContaining({ fields: ['district', 'hour', 'people'], deliveryFrequency: 'P1D' }),
  );

  const obligations = await fetch(`${consent.url}/v1/agreements/${id}/obligations`, {
    headers: { authorization: `Bearer ${city}` },
  });
  const schedule = (await obligations.json()) as {
    items: Array<{ sequence: number; status: string }>;
  };
  expect(schedule.items).toEqual([expect.objectContaining({ sequence: 1, status: 'pending' })]);

  // The telecom has no decision policy: the request waited for a person, and the record says so.
  const tiers = await waitFor(
    async () => {
      const r = await fetch(`${consent.url}/v1/agreements/${id}/policy-decisions`, {
        headers: { authorization: `Bearer ${telecom}` },
      });
      return (
        (await r.json()) as { items: Array<{ outcome: string; inputs: { purpose: string } }> }
      ).items;
    },
    { until: (items) => items.length === 1, what: 'the policy decision' },
  );
  expect(tiers[0]).toEqual(
    expect.objectContaining({
      outcome: 'queued',
      inputs: expect.objectContaining({ purpose: 'urban-planning' }),
    }),
  );
});
