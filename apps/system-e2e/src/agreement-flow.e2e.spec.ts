import { ok, type DxClient } from '@dx/client';
import { waitFor } from '@dx/testing';
import { operatorClient, startStack, type Stack } from '../test/stack';

/*
 * The main flow (docs/architecture.md, "The main flow"), steps 1–3, across separate processes: the operator registers
 * a telecom and the city in the catalog; the telecom publishes a dataset; consent learns it from
 * catalog.dataset.v1; the city requests it with the participants' real catalog tokens; the telecom
 * counter-offers (fewer fields, daily); the city accepts, then the telecom; the agreement is ACTIVE
 * and its first delivery is scheduled. Trust runs alongside, consuming the same participant events.
 */
let stack: Stack<'catalog' | 'consent' | 'trust'>;
let operator: DxClient;

beforeAll(async () => {
  stack = await startStack(
    ['catalog', 'consent', 'trust'],
    { OUTBOX_POLL_MS: '200' },
    { consent: { SCHEDULER_INTERVAL_MS: '200' } },
  );
  // The published typed client (@dx/client), as a partner system would use it.
  operator = operatorClient(stack);
});

afterAll(async () => {
  await stack?.stop();
});

it('registers, publishes, negotiates with a counter-offer to ACTIVE and schedules the first delivery, across services', async () => {
  const register = (name: string, kind: 'municipality' | 'business', legalId: string) =>
    ok(
      operator.catalog.POST('/v1/participants', {
        body: { name, kind, legalId, sector: 'synthetic sector', contactEmail: 'data@example.kz' },
      }),
    );
  const telecomReg = await register('Telecom (synthetic)', 'business', '990140001560');
  const cityReg = await register(
    'City digitalization department (synthetic)',
    'municipality',
    '990240001237',
  );
  const telecom = operator.as({
    clientId: telecomReg.clientId,
    clientSecret: telecomReg.clientSecret!,
  });
  const city = operator.as({ clientId: cityReg.clientId, clientSecret: cityReg.clientSecret! });

  const dataset = await ok(
    telecom.catalog.POST('/v1/datasets', {
      body: {
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
      },
    }),
  );
  const published = await ok(
    telecom.catalog.POST('/v1/datasets/{id}/publish', {
      params: { path: { id: dataset.id } },
      body: {},
    }),
  );
  expect(published.status).toBe('published');

  // Consent learns of the dataset from catalog.dataset.v1 within moments; until then it says 422.
  const requested = await waitFor(
    () =>
      city.consent.POST('/v1/agreements', {
        body: {
          datasetId: dataset.id,
          purpose: 'urban-planning',
          purposeDescription: 'Plan bus routes from where people are during the day.',
          legalBasis: 'City data charter',
          fields: ['people', 'dwellMinutes'],
          deliveryFrequency: 'PT1H',
          validFrom: new Date(Date.now() - 60_000).toISOString(),
          validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
          retentionDays: 90,
        },
      }),
    {
      until: (r) => r.response.status === 201,
      what: 'the dataset reaching consent',
      timeoutMs: 30_000,
    },
  );
  expect(requested.data).toEqual(
    expect.objectContaining({ state: 'REQUESTED', providerId: telecomReg.id }),
  );
  const id = requested.data!.id;
  const path = { params: { path: { id } } };

  const counter = await ok(
    telecom.consent.POST('/v1/agreements/{id}/offers', {
      ...path,
      body: { fields: ['people'], deliveryFrequency: 'P1D' },
    }),
  );
  expect(counter).toEqual(expect.objectContaining({ state: 'OFFERED', latestTermVersion: 2 }));
  const accepted = await ok(
    city.consent.POST('/v1/agreements/{id}/accept', { ...path, body: { termVersion: 2 } }),
  );
  expect(accepted.state).toBe('ACCEPTED');
  const active = await ok(
    telecom.consent.POST('/v1/agreements/{id}/accept', { ...path, body: { termVersion: 2 } }),
  );
  expect(active.state).toBe('ACTIVE');
  expect(active.termVersions[1].terms).toEqual(
    expect.objectContaining({ fields: ['district', 'hour', 'people'], deliveryFrequency: 'P1D' }),
  );

  const schedule = await ok(city.consent.GET('/v1/agreements/{id}/obligations', path));
  expect(schedule.items).toEqual([expect.objectContaining({ sequence: 1, status: 'pending' })]);

  // The telecom has no decision policy: the request waited for a person, and the record says so.
  const decisions = await waitFor(
    async () => (await ok(telecom.consent.GET('/v1/agreements/{id}/policy-decisions', path))).items,
    { until: (items) => items.length === 1, what: 'the policy decision' },
  );
  expect(decisions[0]).toEqual(
    expect.objectContaining({
      outcome: 'queued',
      inputs: expect.objectContaining({ purpose: 'urban-planning' }),
    }),
  );
});
