import { waitFor } from '@dx/testing';
import {
  CatalogHarness,
  datasetBody,
  type RegisteredParticipant,
} from '../../test/catalog-harness';

/*
 * A search's total and facets are remembered for at most SEARCH_COUNTS_MAX_AGE_MS
 * (docs/adr/2026-12-06-catalog-search-counts.md): checked here against direct counts in PostgreSQL,
 * for a write through this replica (counted at once) and a write by another (a direct UPDATE, as a
 * second replica's would land: counted within the maximum age, and `countedAt` says how old).
 */
const MAX_AGE_MS = 1500;
let h: CatalogHarness;
let city: RegisteredParticipant;

interface SearchPage {
  items: Array<{ id: string; licence: string }>;
  total: number;
  facets: Record<string, Array<{ value: string; count: number }>>;
  countedAt: string;
}

const search = (query: string) =>
  h.call<SearchPage>('GET', `/v1/datasets?${query}`, { token: city.token });

async function publish(overrides: Record<string, unknown>): Promise<string> {
  const res = await h.call<{ id: string }>('POST', '/v1/datasets', {
    token: city.token,
    body: datasetBody(overrides),
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  await h.call('POST', `/v1/datasets/${res.body.id}/publish`, { token: city.token, body: {} });
  return res.body.id;
}

/** What the facets of `q=kiosks` must be, counted straight from the table. */
async function directCounts(): Promise<{ total: number; licence: Record<string, number> }> {
  const rows = await h.sql<{ licence: string; n: number }>(
    `SELECT licence, count(*)::int AS n FROM catalog.datasets
     WHERE status IN ('published', 'deprecated')
       AND search @@ websearch_to_tsquery('simple', 'kiosks')
     GROUP BY licence`,
  );
  return {
    total: rows.reduce((s, r) => s + r.n, 0),
    licence: Object.fromEntries(rows.map((r) => [r.licence, r.n])),
  };
}

const licenceFacet = (page: SearchPage) =>
  Object.fromEntries(page.facets.licence.map((f) => [f.value, f.count]));

beforeAll(async () => {
  h = await CatalogHarness.start({ SEARCH_COUNTS_MAX_AGE_MS: String(MAX_AGE_MS) });
  city = await h.registerParticipant({ name: 'City (synthetic)', kind: 'municipality' });
  await publish({ title: 'Street kiosks', keywords: ['kiosks'], licence: 'CC-BY-4.0' });
  await publish({ title: 'Kiosks permits', keywords: ['kiosks'], licence: 'CC0-1.0' });
});

afterAll(async () => {
  await h?.close();
});

it('counts what PostgreSQL counts, and a write through this replica at once', async () => {
  const first = await search('q=kiosks');
  expect(first.status).toBe(200);
  const direct = await directCounts();
  expect(first.body.total).toBe(direct.total);
  expect(licenceFacet(first.body)).toEqual(direct.licence);

  await publish({ title: 'Kiosks by district', keywords: ['kiosks'], licence: 'CC0-1.0' });
  // No waiting: the replica that wrote counts again on the next search.
  const after = await search('q=kiosks');
  const now = await directCounts();
  expect(now.total).toBe(direct.total + 1);
  expect(after.body.total).toBe(now.total);
  expect(licenceFacet(after.body)).toEqual(now.licence);
  expect(Date.parse(after.body.countedAt)).toBeGreaterThan(Date.parse(first.body.countedAt));
});

it("shows another replica's write in the page at once and in the counts within the maximum age", async () => {
  const before = await search('q=kiosks');
  const withdrawn = before.body.items[0].id;
  // As a second replica's transaction would commit it: this replica is not told.
  await h.sql(`UPDATE catalog.datasets SET status = 'withdrawn' WHERE id = $1`, [withdrawn]);
  const expected = await directCounts();
  expect(expected.total).toBe(before.body.total - 1);

  const seen: SearchPage[] = [];
  const settled = await waitFor(
    async () => {
      const res = await search('q=kiosks');
      // The age is checked on every answer: never older than the maximum (the clock is shared).
      expect(Date.now() - Date.parse(res.body.countedAt)).toBeLessThanOrEqual(MAX_AGE_MS + 250);
      // The items are read on every request: the withdrawn dataset is gone from the first answer.
      expect(res.body.items.map((i) => i.id)).not.toContain(withdrawn);
      seen.push(res.body);
      return res.body;
    },
    { until: (p) => p.total === expected.total, intervalMs: 100, timeoutMs: MAX_AGE_MS * 4 },
  );
  expect(licenceFacet(settled)).toEqual(expected.licence);
  // Until then the remembered counts were served as they were, with their time.
  for (const stale of seen.slice(0, -1)) {
    expect(stale.total).toBe(before.body.total);
    expect(stale.countedAt).toBe(before.body.countedAt);
  }
});
