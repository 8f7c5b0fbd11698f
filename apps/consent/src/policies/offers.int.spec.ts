import { ConsentHarness } from '../../test/consent-harness';

/*
 * Standard terms and offers (docs/dataspace.md §2) on the real database and broker: the provider
 * sets them, each participant gets one offer per purpose the dataset's policy would not refuse it,
 * and an offer's terms are requestable exactly as they are.
 */
let h: ConsentHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let datasetId: string;

const standard = {
  legalBasis: 'Voluntary data-sharing agreement under the city data charter',
  fields: ['people'],
  deliveryFrequency: 'P1D',
  gracePeriod: 'PT6H',
  validity: 'P1Y',
  retentionDays: 90,
  onwardSharingProhibited: true,
  terminationNoticeDays: 30,
  changeNoticeDays: 14,
};

type Offers = {
  datasetId: string;
  providerId: string;
  termsVersion: number;
  offers: Array<{
    purpose: string;
    decision: string;
    ruleId: string | null;
    terms: Record<string, unknown>;
  }>;
};

beforeAll(async () => {
  h = await ConsentHarness.start();
  telecom = await h.participant();
  city = await h.participant();
  datasetId = await h.publishDataset(telecom.id);
  await h.call('PUT', `/v1/datasets/${datasetId}/decision-policy`, {
    token: telecom.token,
    body: {
      rules: [
        { id: 'no-commerce', purposes: ['economic-analysis'], action: 'reject' },
        { id: 'planning', purposes: ['urban-planning'], action: 'accept' },
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

it('lets only the provider set standard terms, checks them against the schema, and versions them', async () => {
  const stranger = await h.call('PUT', `/v1/datasets/${datasetId}/standard-terms`, {
    token: city.token,
    body: standard,
  });
  expect(stranger.status).toBe(403);
  const unfit = await h.call<{ code: string; errors: unknown[] }>(
    'PUT',
    `/v1/datasets/${datasetId}/standard-terms`,
    { token: telecom.token, body: { ...standard, fields: ['people', 'salary'] } },
  );
  expect(unfit.status).toBe(422);
  expect(unfit.body).toEqual(
    expect.objectContaining({
      code: 'STANDARD_TERMS.INVALID',
      errors: [
        { path: 'fields[1]', message: "'salary' is not a field of the dataset's current schema" },
      ],
    }),
  );
  const incomplete = await h.call<{ errors: Array<{ path: string }> }>(
    'PUT',
    `/v1/datasets/${datasetId}/standard-terms`,
    { token: telecom.token, body: { legalBasis: 'x', validity: 'one year' } },
  );
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.errors.map((e) => e.path)).toEqual(
    expect.arrayContaining(['legalBasis', 'deliveryFrequency', 'validity', 'retentionDays']),
  );
  // Nothing was stored by the refused attempts.
  expect(
    (await h.call('GET', `/v1/datasets/${datasetId}/standard-terms`, { token: city.token })).status,
  ).toBe(404);
  const set = await h.call<{ version: number }>('PUT', `/v1/datasets/${datasetId}/standard-terms`, {
    token: telecom.token,
    body: standard,
  });
  expect(set.status).toBe(200);
  expect(set.body.version).toBe(1);
  const stale = await h.call('PUT', `/v1/datasets/${datasetId}/standard-terms`, {
    token: telecom.token,
    body: standard,
    headers: { 'if-match': '"0"' },
  });
  expect(stale.status).toBe(412);
  const read = await h.call<{ terms: unknown }>('GET', `/v1/datasets/${datasetId}/standard-terms`, {
    token: city.token,
  });
  expect(read.body.terms).toEqual(standard);
});

it('offers each purpose the policy would not refuse, saying which it would accept at once', async () => {
  const res = await h.call<Offers>('GET', `/v1/datasets/${datasetId}/offers`, {
    token: city.token,
  });
  expect(res.status).toBe(200);
  const purposes = res.body.offers.map((o) => o.purpose);
  expect(purposes).not.toContain('economic-analysis');
  expect(purposes).toContain('public-transport-planning');
  expect(res.body.offers.find((o) => o.purpose === 'urban-planning')).toEqual(
    expect.objectContaining({ decision: 'accepted', ruleId: 'planning' }),
  );
  expect(res.body.offers.find((o) => o.purpose === 'public-transport-planning')!.decision).toBe(
    'queued',
  );
  // The provider is offered nothing on its own dataset.
  const own = await h.call<Offers>('GET', `/v1/datasets/${datasetId}/offers`, {
    token: telecom.token,
  });
  expect(own.body.offers).toEqual([]);
});

it('lists the offers dataset by dataset, leaving out the caller’s own and unpublished ones', async () => {
  const cityData = await h.publishDataset(city.id);
  await h.call('PUT', `/v1/datasets/${cityData}/standard-terms`, {
    token: city.token,
    body: standard,
  });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Offers[]; nextCursor: string | null } } = await h.call(
      'GET',
      `/v1/offers?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      { token: city.token },
    );
    seen.push(...page.body.items.map((i) => i.datasetId));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen).toContain(datasetId);
  expect(seen).not.toContain(cityData);
  expect((await h.call('GET', '/v1/offers?cursor=bogus', { token: city.token })).status).toBe(400);
});

it('takes an offer’s terms exactly as they are in a request, and the policy accepts it', async () => {
  const res = await h.call<Offers>('GET', `/v1/datasets/${datasetId}/offers`, {
    token: city.token,
  });
  const offer = res.body.offers.find((o) => o.purpose === 'urban-planning')!;
  const created = await h.call<{ id: string; state: string }>('POST', '/v1/agreements', {
    token: city.token,
    body: { datasetId, ...offer.terms },
  });
  expect(created.status).toBe(201);
  const accepted = await h.call<{ state: string }>(
    'POST',
    `/v1/agreements/${created.body.id}/accept`,
    {
      token: city.token,
      body: { termVersion: 1 },
    },
  );
  expect(['AGREED', 'ACTIVE']).toContain(accepted.body.state);
});
