import { randomUUID } from 'node:crypto';
import { IntegrationHarness } from '../test/integration-harness';

/*
 * Tenant isolation as a matrix: who (anonymous, operator, the provider, the consumer, another
 * participant, auditor, dashboard) × every integration endpoint × verb, with the expected status
 * of each cell. The provider (a telecom) owns the presence dataset; the consumer (the city) holds an
 * active agreement on it and owns the outlets dataset, so it may build and read a view of both.
 */
const WHO = [
  'anonymous',
  'operator',
  'provider',
  'consumer',
  'other',
  'auditor',
  'dashboard',
] as const;
type Who = (typeof WHO)[number];

interface Ctx {
  datasetId: string;
  outletsId: string;
  agreementId: string;
  deliveryId: string;
  viewId: string;
}

interface Row {
  name: string;
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  raw?: string;
  contentType?: string;
  expect: [number, number, number, number, number, number, number];
}

let h: IntegrationHarness;
let ctx: Ctx;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

const viewBody = (c: Ctx) => ({
  name: 'presence × outlets',
  left: { datasetId: c.datasetId },
  right: { datasetId: c.outletsId },
  joinKeys: [{ left: 'district', right: 'district' }],
  aggregations: [{ name: 'people', fn: 'sum', source: 'left', field: 'people' }],
});

const ROWS: Row[] = [
  {
    name: 'deliver records',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.datasetId}/deliveries`,
    raw: JSON.stringify({ district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 3 }),
    contentType: 'application/x-ndjson',
    expect: [401, 403, 201, 403, 403, 403, 403],
  },
  {
    name: 'read a delivery',
    method: 'GET',
    path: (c) => `/v1/deliveries/${c.deliveryId}`,
    expect: [401, 200, 200, 404, 404, 200, 403],
  },
  {
    name: 'read a quarantine',
    method: 'GET',
    path: (c) => `/v1/deliveries/${c.deliveryId}/quarantine`,
    expect: [401, 200, 200, 404, 404, 403, 403],
  },
  {
    name: 'read records under an agreement',
    method: 'GET',
    path: (c) => `/v1/agreements/${c.agreementId}/records`,
    expect: [401, 403, 403, 200, 404, 403, 403],
  },
  {
    name: 'list the access log',
    method: 'GET',
    path: () => '/v1/access-log',
    expect: [401, 200, 200, 200, 200, 200, 403],
  },
  {
    name: 'verify the access log',
    method: 'GET',
    path: () => '/v1/access-log/verify',
    expect: [401, 200, 403, 403, 403, 200, 403],
  },
  {
    name: 'set dataset settings',
    method: 'PUT',
    path: (c) => `/v1/datasets/${c.datasetId}/settings`,
    body: () => ({ minValidity: 0.5 }),
    expect: [401, 200, 200, 404, 404, 403, 403],
  },
  {
    name: 'read dataset settings',
    method: 'GET',
    path: (c) => `/v1/datasets/${c.datasetId}/settings`,
    expect: [401, 200, 200, 404, 404, 200, 403],
  },
  {
    name: 'define a view',
    method: 'POST',
    path: () => '/v1/views',
    body: viewBody,
    expect: [401, 403, 403, 201, 403, 403, 403],
  },
  {
    name: 'read a view',
    method: 'GET',
    path: (c) => `/v1/views/${c.viewId}`,
    expect: [401, 403, 403, 200, 403, 403, 403],
  },
  {
    name: 'read view rows',
    method: 'GET',
    path: (c) => `/v1/views/${c.viewId}/records`,
    expect: [401, 403, 403, 200, 403, 403, 403],
  },
];

beforeAll(async () => {
  h = await IntegrationHarness.start();
  const provider = await h.participant();
  const consumer = await h.participant();
  const other = await h.participant();
  tokens.provider = provider.token;
  tokens.consumer = consumer.token;
  tokens.other = other.token;
  tokens.operator = await h.token(randomUUID(), ['operator']);
  tokens.auditor = await h.token(randomUUID(), ['auditor']);
  tokens.dashboard = await h.token(randomUUID(), ['dashboard']);
  const datasetId = await h.publishDataset(provider.id);
  const outletsId = await h.publishDataset(consumer.id);
  const agreementId = await h.agreement({
    datasetId,
    providerId: provider.id,
    consumerId: consumer.id,
    fields: ['district', 'hour', 'people'],
  });
  const delivery = await h.call<{ deliveryId: string }>(
    'POST',
    `/v1/datasets/${datasetId}/deliveries`,
    {
      token: provider.token,
      raw: '{"district":"Almaly","hour":"2026-03-02T10:00:00Z","people":1}\n{"bad":true}',
      headers: { 'content-type': 'application/x-ndjson' },
    },
  );
  const partial = { datasetId, outletsId, agreementId, deliveryId: delivery.body.deliveryId };
  const view = await h.call<{ viewId: string }>('POST', '/v1/views', {
    token: consumer.token,
    body: viewBody({ ...partial, viewId: '' }),
  });
  ctx = { ...partial, viewId: view.body.viewId };
});

afterAll(async () => {
  await h?.close();
});

describe.each(ROWS)('$method $name', (row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))('%s → %i', async (who, status) => {
    const res = await h.call(row.method, row.path(ctx), {
      ...(who === 'anonymous' ? {} : { token: tokens[who] }),
      ...(row.body ? { body: row.body(ctx) } : {}),
      ...(row.raw ? { raw: row.raw, headers: { 'content-type': row.contentType! } } : {}),
    });
    expect(res.status).toBe(status);
  });
});
