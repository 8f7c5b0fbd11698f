import {
  CatalogHarness,
  datasetBody,
  type RegisteredParticipant,
} from '../../test/catalog-harness';

/*
 * Discovery against PostgreSQL full-text search: ranking by field weight, filters, facet counts over
 * the whole match, keyset pagination with and without a query, and drafts hidden from others.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;
let city: RegisteredParticipant;
let bank: RegisteredParticipant;
const ids: Record<string, string> = {};

interface SearchPage {
  items: Array<{ id: string; title: string; rank: number; provider: { kind: string } }>;
  nextCursor: string | null;
  total: number;
  facets: Record<string, Array<{ value: string; count: number }>>;
}

async function add(
  key: string,
  owner: RegisteredParticipant,
  overrides: Record<string, unknown>,
  publish = true,
): Promise<void> {
  const res = await h.call<{ id: string }>('POST', '/v1/datasets', {
    token: owner.token,
    body: datasetBody(overrides),
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  ids[key] = res.body.id;
  if (publish)
    await h.call('POST', `/v1/datasets/${res.body.id}/publish`, { token: owner.token, body: {} });
}

const search = (query: string, token = city.token) =>
  h.call<SearchPage>('GET', `/v1/datasets?${query}`, { token });

beforeAll(async () => {
  h = await CatalogHarness.start();
  telecom = await h.registerParticipant({ name: 'Telecom (synthetic)' });
  city = await h.registerParticipant({ name: 'City (synthetic)', kind: 'municipality' });
  bank = await h.registerParticipant({ name: 'Bank (synthetic)' });
  await add('presence', telecom, {
    title: 'Population presence by district',
    keywords: ['mobility'],
    description: 'Hourly estimate of people per district.',
    themes: ['SOCI'],
  });
  await add('keywordOnly', bank, {
    title: 'Card spending aggregates',
    keywords: ['presence', 'spending'],
    description: 'Spending per merchant category and district.',
    themes: ['ECON'],
    licence: 'agreement-only',
    visibility: 'participants',
  });
  await add('descriptionOnly', city, {
    title: 'Licensed retail outlets',
    keywords: ['retail', 'permits'],
    description: 'Outlets with licences; useful with presence data for planning.',
    themes: ['ECON', 'REGI'],
    sensitivity: 'public',
    licence: 'CC0-1.0',
  });
  await add('roadworks', city, {
    title: 'Road works',
    keywords: ['roads', 'closures'],
    description: 'Planned and active road works.',
    themes: ['TRAN'],
    sensitivity: 'public',
  });
  await add('draft', telecom, { title: 'Presence draft, unreleased', themes: ['SOCI'] }, false);
});

afterAll(async () => {
  await h?.close();
});

it('ranks a title match above a keyword match above a description match', async () => {
  const res = await search('q=presence');
  expect(res.status).toBe(200);
  expect(res.body.items.map((i) => i.id)).toEqual([
    ids.presence,
    ids.keywordOnly,
    ids.descriptionOnly,
  ]);
  const ranks = res.body.items.map((i) => i.rank);
  expect(ranks[0]).toBeGreaterThan(ranks[1]);
  expect(ranks[1]).toBeGreaterThan(ranks[2]);
});

it('counts facets over the whole match, not the page', async () => {
  const res = await search('q=presence&limit=1');
  expect(res.body.items).toHaveLength(1);
  expect(res.body.total).toBe(3);
  expect(res.body.facets.theme).toEqual([
    { value: 'ECON', count: 2 },
    { value: 'REGI', count: 1 },
    { value: 'SOCI', count: 1 },
  ]);
  expect(res.body.facets.providerKind).toEqual([
    { value: 'business', count: 2 },
    { value: 'municipality', count: 1 },
  ]);
  expect(res.body.facets.licence).toEqual(
    expect.arrayContaining([
      { value: 'agreement-only', count: 1 },
      { value: 'CC0-1.0', count: 1 },
      { value: 'CC-BY-4.0', count: 1 },
    ]),
  );
  expect(res.body.facets.status).toEqual([{ value: 'published', count: 3 }]);
});

it('filters by theme, provider kind, sensitivity, licence and provider', async () => {
  const byTheme = await search('theme=ECON');
  expect(byTheme.body.items.map((i) => i.id).sort()).toEqual(
    [ids.keywordOnly, ids.descriptionOnly].sort(),
  );
  const combined = await search('theme=ECON,TRAN&providerKind=municipality&sensitivity=public');
  expect(combined.body.items.map((i) => i.id).sort()).toEqual(
    [ids.descriptionOnly, ids.roadworks].sort(),
  );
  const byLicence = await search('licence=agreement-only');
  expect(byLicence.body.items.map((i) => i.id)).toEqual([ids.keywordOnly]);
  const byProvider = await search(`provider=${city.id}`);
  expect(byProvider.body.total).toBe(2);
  const invalid = await search('theme=WEATHER&providerKind=pirate&limit=900');
  expect(invalid.status).toBe(400);
  expect(
    [
      ...new Set(
        (invalid.body as unknown as { errors: Array<{ path: string }> }).errors.map((e) => e.path),
      ),
    ].sort(),
  ).toEqual(['limit', 'providerKind', 'theme']);
});

it('pages with a cursor, with and without a query, never repeating or skipping', async () => {
  for (const q of ['', 'q=presence']) {
    const all = await search(`${q}&limit=500`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: SearchPage } = await search(
        `${q}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i) => i.id));
    expect(seen.length).toBe(all.body.total);
  }
});

it('shows drafts only to their provider (and operators), even when asked for', async () => {
  const others = await search('status=draft&q=presence');
  expect(others.body.items).toEqual([]);
  const owner = await search('status=draft&q=presence', telecom.token);
  expect(owner.body.items.map((i) => i.id)).toEqual([ids.draft]);
  const operator = await search('status=draft', await h.operatorToken());
  expect(operator.body.items.map((i) => i.id)).toEqual([ids.draft]);
});

it('finds words in any of the three fields and treats a forged cursor as a 400', async () => {
  const words = await search('q=road closures');
  expect(words.body.items.map((i) => i.id)).toEqual([ids.roadworks]);
  const forged = Buffer.from(JSON.stringify([0, 'not a date', "x'; DROP TABLE"])).toString(
    'base64url',
  );
  const res = await search(`cursor=${forged}`);
  expect(res.status).toBe(400);
});
