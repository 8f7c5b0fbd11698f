import { ConsentHarness } from '../test/consent-harness';

/*
 * Tenant isolation as a matrix: who (anonymous, operator, the provider, the consumer, another
 * participant, auditor, dashboard) × every consent endpoint × verb, with the expected status of
 * each cell in the table. Cells that change state get fresh agreements in the state they need.
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
type State = 'REQUESTED' | 'ACTIVE' | 'SUSPENDED' | 'NOTICE_GIVEN';

interface Ctx {
  agreementId: string;
  datasetId: string;
  personalDatasetId: string;
  disputeId: string;
  unique: string;
}

interface Row {
  name: string;
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** A fresh agreement in this state for every cell. */
  fresh?: State;
  freshDispute?: boolean;
  expect: [number, number, number, number, number, number, number];
}

const DAY = 86_400_000;
let h: ConsentHarness;
let shared: Ctx;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;
const people = {} as Record<'provider' | 'consumer' | 'other', { id: string; token: string }>;
let counter = 0;

async function agreementIn(state: State): Promise<string> {
  if (state === 'REQUESTED') {
    const r = await h.call<{ id: string }>('POST', '/v1/agreements', {
      token: people.consumer.token,
      body: {
        datasetId: shared.datasetId,
        purpose: 'urban-planning',
        purposeDescription: 'Plan bus routes from presence.',
        legalBasis: 'City data charter',
        fields: ['people'],
        deliveryFrequency: 'P1D',
        validFrom: new Date(h.clock.now().getTime() - DAY).toISOString(),
        validTo: new Date(h.clock.now().getTime() + 365 * DAY).toISOString(),
        retentionDays: 30,
      },
    });
    return r.body.id;
  }
  const id = await h.activeAgreement(people.provider, people.consumer, shared.datasetId);
  if (state === 'SUSPENDED')
    await h.call('POST', `/v1/agreements/${id}/suspend`, {
      token: people.provider.token,
      body: { reason: 'review' },
    });
  if (state === 'NOTICE_GIVEN')
    await h.call('POST', `/v1/agreements/${id}/notice`, {
      token: people.consumer.token,
      body: {
        reason: 'ending',
        effectiveAt: new Date(h.clock.now().getTime() + 60 * DAY).toISOString(),
      },
    });
  return id;
}

async function openDispute(agreementId: string): Promise<string> {
  const r = await h.call<{ id: string }>('POST', '/v1/disputes', {
    token: people.consumer.token,
    body: { agreementId, category: 'quality', description: 'Many rows fail validation.' },
  });
  return r.body.id;
}

const terms = { fields: ['people', 'note'] };
const MATRIX: Row[] = [
  //                                                                              anon  op   prov cons other aud  dash
  {
    name: 'request',
    method: 'POST',
    path: () => '/v1/agreements',
    body: (c) => ({
      datasetId: c.datasetId,
      purpose: 'urban-planning',
      purposeDescription: 'Plan bus routes from presence.',
      legalBasis: 'City data charter',
      fields: ['people'],
      deliveryFrequency: 'P1D',
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2027-01-01T00:00:00Z',
      retentionDays: 30,
    }),
    expect: [401, 403, 422, 201, 201, 403, 403],
  },
  {
    name: 'list own agreements',
    method: 'GET',
    path: () => '/v1/agreements',
    expect: [401, 200, 200, 200, 200, 200, 403],
  },
  {
    name: 'read agreement',
    method: 'GET',
    path: (c) => `/v1/agreements/${c.agreementId}`,
    expect: [401, 200, 200, 200, 404, 200, 403],
  },
  {
    name: 'counter-offer',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/offers`,
    body: () => terms,
    fresh: 'REQUESTED',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'accept',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/accept`,
    body: () => ({ termVersion: 1 }),
    fresh: 'REQUESTED',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'reject',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/reject`,
    body: () => ({ reason: 'not now' }),
    fresh: 'REQUESTED',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'withdraw',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/withdraw`,
    body: () => ({ reason: 'not now' }),
    fresh: 'REQUESTED',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'suspend',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/suspend`,
    body: () => ({ reason: 'review' }),
    fresh: 'ACTIVE',
    expect: [401, 200, 200, 403, 404, 403, 403],
  },
  {
    name: 'resume',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/resume`,
    body: () => ({ reason: 'cleared' }),
    fresh: 'SUSPENDED',
    expect: [401, 200, 200, 403, 404, 403, 403],
  },
  {
    name: 'give notice',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/notice`,
    body: () => ({ reason: 'ending', effectiveAt: new Date(Date.now() + 400 * DAY).toISOString() }),
    fresh: 'ACTIVE',
    expect: [401, 200, 200, 200, 404, 403, 403],
  },
  {
    name: 'amend',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/amendments`,
    body: () => terms,
    fresh: 'ACTIVE',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'renew',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/renewals`,
    body: () => ({ validTo: new Date(Date.now() + 900 * DAY).toISOString() }),
    fresh: 'ACTIVE',
    expect: [401, 403, 200, 200, 404, 403, 403],
  },
  {
    name: 'obligations',
    method: 'GET',
    path: (c) => `/v1/agreements/${c.agreementId}/obligations`,
    expect: [401, 200, 200, 200, 404, 200, 403],
  },
  {
    name: 'policy decisions',
    method: 'GET',
    path: (c) => `/v1/agreements/${c.agreementId}/policy-decisions`,
    expect: [401, 200, 200, 200, 404, 200, 403],
  },
  {
    name: 'public register',
    method: 'GET',
    path: () => '/v1/register',
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'set decision policy',
    method: 'PUT',
    path: (c) => `/v1/datasets/${c.datasetId}/decision-policy`,
    body: () => ({ rules: [] }),
    expect: [401, 403, 200, 403, 403, 403, 403],
  },
  {
    name: 'announce change',
    method: 'POST',
    path: (c) => `/v1/datasets/${c.datasetId}/change-notices`,
    body: () => ({
      kind: 'outage',
      description: 'planned maintenance',
      effectiveAt: new Date(Date.now() + 30 * DAY).toISOString(),
    }),
    expect: [401, 403, 201, 403, 403, 403, 403],
  },
  {
    name: 'record subject consent',
    method: 'POST',
    path: () => '/v1/subject-consents',
    body: (c) => ({
      subjectId: `subj-${c.unique}`,
      datasetId: c.personalDatasetId,
      purpose: 'research-statistics',
      status: 'given',
    }),
    expect: [401, 201, 201, 403, 403, 403, 403],
  },
  {
    name: 'request erasure of a subject',
    method: 'POST',
    path: () => '/v1/subject-consents/erasure-requests',
    body: (c) => ({ subjectId: `subj-${c.unique}`, datasetId: c.personalDatasetId }),
    expect: [401, 202, 202, 403, 403, 403, 403],
  },
  {
    name: 'list subject consents',
    method: 'GET',
    path: () => '/v1/subject-consents',
    expect: [401, 200, 200, 200, 200, 200, 403],
  },
  {
    name: 'open dispute',
    method: 'POST',
    path: () => '/v1/disputes',
    body: (c) => ({
      agreementId: c.agreementId,
      category: 'quality',
      description: 'Rows fail validation.',
    }),
    expect: [401, 403, 201, 201, 404, 403, 403],
  },
  {
    name: 'resolve dispute',
    method: 'POST',
    path: (c) => `/v1/disputes/${c.disputeId}/resolve`,
    body: () => ({ outcome: 'amicable', resolution: 'settled between the parties' }),
    freshDispute: true,
    expect: [401, 200, 403, 403, 403, 403, 403],
  },
  {
    name: 'list disputes',
    method: 'GET',
    path: () => '/v1/disputes',
    expect: [401, 200, 200, 200, 200, 200, 403],
  },
  {
    name: 'exit survey',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/exit-survey`,
    body: () => ({ reasons: [{ construct: 'benefits', weight: 3 }], wouldWorkAgain: true }),
    fresh: 'NOTICE_GIVEN',
    expect: [401, 403, 201, 201, 404, 403, 403],
  },
  {
    name: 'report a benefit',
    method: 'POST',
    path: (c) => `/v1/agreements/${c.agreementId}/benefits`,
    body: () => ({
      kind: 'staff-hours-saved',
      hours: 40,
      periodFrom: '2026-01-01T00:00:00.000Z',
      periodTo: '2026-03-31T00:00:00.000Z',
      description: 'Manual counts replaced (synthetic).',
    }),
    fresh: 'ACTIVE',
    expect: [401, 403, 201, 201, 404, 403, 403],
  },
  {
    name: 'record regulation',
    method: 'POST',
    path: () => '/v1/regulations',
    body: (c) => ({
      reference: `Resolution ${c.unique} (synthetic)`,
      title: 'Open data by default',
      effectiveAt: '2026-09-01T00:00:00Z',
    }),
    expect: [401, 201, 403, 403, 403, 403, 403],
  },
  {
    name: 'list regulations',
    method: 'GET',
    path: () => '/v1/regulations',
    expect: [401, 200, 200, 200, 200, 200, 200],
  },
];

beforeAll(async () => {
  h = await ConsentHarness.start();
  people.provider = await h.participant();
  people.consumer = await h.participant();
  people.other = await h.participant();
  tokens.provider = people.provider.token;
  tokens.consumer = people.consumer.token;
  tokens.other = people.other.token;
  tokens.operator = await h.token('platform-operator', ['operator']);
  tokens.auditor = await h.token('audit-office', ['auditor']);
  tokens.dashboard = await h.token('city-dashboard', ['dashboard']);
  const datasetId = await h.publishDataset(people.provider.id);
  const personalDatasetId = await h.publishDataset(people.provider.id, { subjectField: 'subject' });
  shared = { datasetId, personalDatasetId, agreementId: '', disputeId: '', unique: '' };
  shared.agreementId = await agreementIn('ACTIVE');
});

afterAll(async () => {
  await h?.close();
});

describe.each(MATRIX.map((row) => [row.name, row] as const))('%s', (_name, row) => {
  it.each(WHO.map((who, i) => [who, row.expect[i]] as const))(
    `${row.method} as %s → %i`,
    async (who, expected) => {
      const ctx: Ctx = { ...shared, unique: `${process.pid}-${++counter}` };
      if (row.fresh) ctx.agreementId = await agreementIn(row.fresh);
      if (row.freshDispute) ctx.disputeId = await openDispute(ctx.agreementId);
      const res = await h.call(row.method, row.path(ctx), {
        token: who === 'anonymous' ? undefined : tokens[who],
        body: row.body?.(ctx),
      });
      // Every refusal is problem+json; its code says why.
      const problem =
        res.headers.get('content-type')?.includes('application/problem+json') ?? false;
      expect({
        status: res.status,
        problem,
        code: (res.body as { code?: string } | undefined)?.code,
      }).toEqual(expect.objectContaining({ status: expected, problem: expected >= 400 }));
    },
  );
});

describe('the register', () => {
  it('never shows commercial terms', async () => {
    const res = await h.call<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/register?limit=500',
      { token: tokens.dashboard },
    );
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const entry of res.body.items)
      expect(Object.keys(entry).sort()).toEqual(
        [
          'agreementId',
          'consumerId',
          'datasetId',
          'datasetTitle',
          'legalBasis',
          'providerId',
          'purpose',
          'purposeDescription',
          'state',
          'validFrom',
          'validTo',
        ].sort(),
      );
  });
});
