import * as jsonld from 'jsonld';
import { validateDcatAp } from '@dx/testing';
import {
  CatalogHarness,
  datasetBody,
  type RegisteredParticipant,
} from '../../test/catalog-harness';

/*
 * The DCAT-AP 3 export (docs/adr/2026-11-26-catalog-datasets.md, decision 4): only public, published (or deprecated) datasets; every dataset carries the
 * properties DCAT-AP makes mandatory or recommended, checked on the EXPANDED JSON-LD (full IRIs),
 * so a wrong @context fails the test; Hydra paging reaches every dataset.
 */
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = '@type';

let h: CatalogHarness;
let city: RegisteredParticipant;
const ids: Record<string, string> = {};

async function add(key: string, overrides: Record<string, unknown>, publish = true): Promise<void> {
  const res = await h.call<{ id: string }>('POST', '/v1/datasets', {
    token: city.token,
    body: datasetBody(overrides),
  });
  ids[key] = res.body.id;
  if (publish)
    await h.call('POST', `/v1/datasets/${res.body.id}/publish`, { token: city.token, body: {} });
}

beforeAll(async () => {
  h = await CatalogHarness.start();
  city = await h.registerParticipant({ name: 'City (synthetic)', kind: 'municipality' });
  await add('outlets', {
    title: 'Licensed retail outlets',
    sensitivity: 'public',
    updateFrequency: 'P1D',
    themes: ['ECON'],
  });
  await add('air', {
    title: 'Air quality readings',
    sensitivity: 'public',
    updateFrequency: 'PT1H',
    themes: ['ENVI'],
    temporalCoverage: { start: '2023-01-01', end: '2026-12-31' },
    translations: {
      kk: {
        title: 'Ауа сапасының көрсеткіштері',
        description: 'Сағат сайынғы ауа сапасы өлшемдері.',
        keywords: ['ауа'],
      },
      ru: {
        title: 'Показания качества воздуха',
        description: 'Почасовые замеры качества воздуха.',
      },
    },
  });
  await add('roads', {
    title: 'Road works',
    sensitivity: 'public',
    updateFrequency: 'P10D',
    themes: ['TRAN'],
  });
  await add('internal', {
    title: 'Internal staffing',
    visibility: 'participants',
    sensitivity: 'internal',
  });
  await add('draft', { title: 'Unreleased draft' }, false);
});

afterAll(async () => {
  await h?.close();
});

type Node = Record<string, unknown>;
const values = (n: Node, p: string): Node[] => (n[p] as Node[] | undefined) ?? [];

it('is public, JSON-LD, and lists only public published datasets', async () => {
  const res = await h.call<Node>('GET', '/v1/dcat/catalog');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/ld+json');
  const datasets = res.body['dcat:dataset'] as Node[];
  expect(datasets.map((d) => d['dct:identifier']).sort()).toEqual(
    [ids.outlets, ids.air, ids.roads].sort(),
  );
});

it('gives every dataset the DCAT-AP properties, checked on the expanded graph', async () => {
  const res = await h.call<Node>('GET', '/v1/dcat/catalog');
  const expanded = (await jsonld.expand(res.body)) as Node[];
  const catalog = expanded.find((n) => (n[RDF_TYPE] as string[]).includes(`${DCAT}Catalog`))!;
  for (const p of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}dataset`]) {
    expect(values(catalog, p).length).toBeGreaterThan(0);
  }
  const datasets = values(catalog, `${DCAT}dataset`);
  expect(datasets).toHaveLength(3);
  const required = [
    `${DCT}title`,
    `${DCT}description`,
    `${DCT}identifier`,
    `${DCT}publisher`,
    `${DCT}license`,
    `${DCAT}theme`,
    `${DCAT}keyword`,
    `${DCT}accrualPeriodicity`,
    `${DCT}spatial`,
    `${DCT}temporal`,
    `${DCAT}contactPoint`,
    `${DCAT}distribution`,
  ];
  for (const d of datasets) {
    expect(d[RDF_TYPE]).toEqual([`${DCAT}Dataset`]);
    const missing = required.filter((p) => values(d, p).length === 0);
    expect({ dataset: d['@id'], missing }).toEqual({ dataset: d['@id'], missing: [] });
    for (const dist of values(d, `${DCAT}distribution`)) {
      expect(values(dist, `${DCAT}accessURL`).length).toBe(1);
    }
    const theme = values(d, `${DCAT}theme`)[0]['@id'] as string;
    expect(theme).toMatch(
      /^http:\/\/publications\.europa\.eu\/resource\/authority\/data-theme\/[A-Z]{4}$/,
    );
    const temporal = values(d, `${DCT}temporal`)[0];
    expect(values(temporal, `${DCAT}startDate`)[0]).toEqual(
      expect.objectContaining({ '@type': 'http://www.w3.org/2001/XMLSchema#date' }),
    );
  }
});

it('maps the update frequency to the EU frequency vocabulary (OTHER when there is no exact term)', async () => {
  const res = await h.call<Node>('GET', '/v1/dcat/catalog');
  const byId = new Map((res.body['dcat:dataset'] as Node[]).map((d) => [d['dct:identifier'], d]));
  const freq = (id: string) =>
    (byId.get(id)!['dct:accrualPeriodicity'] as { '@id': string })['@id'].split('/').pop();
  expect([freq(ids.outlets), freq(ids.air), freq(ids.roads)]).toEqual(['DAILY', 'HOURLY', 'OTHER']);
  expect(byId.get(ids.outlets)!['dct:publisher']).toEqual(
    expect.objectContaining({
      'foaf:name': 'City (synthetic)',
      'dct:type': expect.objectContaining({
        '@id': 'http://purl.org/adms/publishertype/LocalAuthority',
      }),
    }),
  );
});

it('validates against the SEMIC DCAT-AP 3.0.1 shapes with no violation, page by page', async () => {
  let next: string | undefined = '/v1/dcat/catalog?limit=2';
  let pages = 0;
  while (next) {
    const page: { body: Node } = await h.call<Node>('GET', next);
    const report = await validateDcatAp(page.body);
    expect(report.triples).toBeGreaterThan(50);
    expect(report.violations).toEqual([]);
    pages++;
    const view = page.body['hydra:view'] as { 'hydra:next': { '@id': string } } | undefined;
    next = view ? view['hydra:next']['@id'].replace('https://catalog.example', '') : undefined;
  }
  expect(pages).toBe(2);
});

it('says records are restricted and in which languages the catalogue is written', async () => {
  const res = await h.call<Node>('GET', '/v1/dcat/catalog');
  expect((res.body['dct:language'] as Node[]).map((l) => l['@id'])).toEqual(
    ['ENG', 'KAZ', 'RUS'].map(
      (c) => `http://publications.europa.eu/resource/authority/language/${c}`,
    ),
  );
  for (const d of res.body['dcat:dataset'] as Node[]) {
    expect(d['dct:accessRights']).toEqual(
      expect.objectContaining({
        '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
      }),
    );
    for (const dist of d['dcat:distribution'] as Node[]) expect(dist['dct:license']).toBeTruthy();
  }
});

it('writes Kazakh and Russian metadata as more language-tagged literals, English first', async () => {
  const res = await h.call<Node>('GET', '/v1/dcat/catalog');
  const byId = new Map((res.body['dcat:dataset'] as Node[]).map((d) => [d['dct:identifier'], d]));
  expect(byId.get(ids.air)!['dct:title']).toEqual([
    { '@value': 'Air quality readings', '@language': 'en' },
    { '@value': 'Ауа сапасының көрсеткіштері', '@language': 'kk' },
    { '@value': 'Показания качества воздуха', '@language': 'ru' },
  ]);
  expect(byId.get(ids.air)!['dct:description']).toEqual(
    expect.arrayContaining([{ '@value': 'Почасовые замеры качества воздуха.', '@language': 'ru' }]),
  );
  expect(byId.get(ids.air)!['dcat:keyword']).toEqual(
    expect.arrayContaining([{ '@value': 'ауа', '@language': 'kk' }]),
  );
  // Without translations, one English literal, as before.
  expect(byId.get(ids.roads)!['dct:title']).toEqual({ '@value': 'Road works', '@language': 'en' });
  expect(res.body['dct:title']).toEqual(
    expect.arrayContaining([{ '@value': 'Каталог городского обмена данными', '@language': 'ru' }]),
  );
});

it('pages with hydra:next until every dataset has been seen', async () => {
  const seen: string[] = [];
  let next: string | undefined = '/v1/dcat/catalog?limit=2';
  while (next) {
    const page: { body: Node } = await h.call<Node>('GET', next);
    seen.push(...(page.body['dcat:dataset'] as Node[]).map((d) => d['dct:identifier'] as string));
    const view = page.body['hydra:view'] as { 'hydra:next': { '@id': string } } | undefined;
    next = view ? view['hydra:next']['@id'].replace('https://catalog.example', '') : undefined;
  }
  expect(seen.sort()).toEqual([ids.outlets, ids.air, ids.roads].sort());
});
