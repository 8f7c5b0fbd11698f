import { validateDcatAp } from '@dx/testing';
import { dcatCatalog, dcatDataset, type DcatDatasetInput } from '@dx/dataspace';

const BASE = 'https://city.example';
const dataset: DcatDatasetInput = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  title: 'Footfall by district and hour',
  description: 'People counted per district and hour from mobile network signalling.',
  themes: ['REGI', 'TRAN'],
  keywords: ['footfall', 'mobility'],
  licenceUri: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
  updateFrequency: 'P1D',
  spatialCoverage: { name: 'Almaty', bbox: [76.7, 43.1, 77.1, 43.4] },
  temporalCoverage: { start: '2024-01-01' },
  contactPoint: { name: 'Data desk', email: 'data@telecom.example' },
  status: 'published',
  publishedAt: new Date('2026-01-05T10:00:00Z'),
  updatedAt: new Date('2026-02-01T10:00:00Z'),
  latestSchemaVersion: 2,
  provider: { id: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a', name: 'Telecom', kind: 'business' },
};

describe('the DCAT-AP 3 export', () => {
  it('conforms to the SEMIC DCAT-AP 3.0.1 shapes', async () => {
    const doc = dcatCatalog(BASE, `${BASE}/v1`, [dcatDataset(BASE, dataset)], null);
    const report = await validateDcatAp(doc);
    expect(report.triples).toBeGreaterThan(40);
    expect(report.violations).toEqual([]);
  });

  it('conforms with Kazakh and Russian literals beside the English ones', async () => {
    const translated = dcatDataset(BASE, {
      ...dataset,
      translations: {
        kk: {
          title: 'Аудандар мен сағаттар бойынша адамдар ағыны',
          description: 'Ұялы желі сигналдары бойынша санау.',
          keywords: ['ағын'],
        },
        ru: { title: 'Поток людей по районам и часам', description: 'Подсчёт по сигналам сети.' },
      },
    });
    expect(translated['dct:title']).toEqual([
      { '@value': 'Footfall by district and hour', '@language': 'en' },
      { '@value': 'Аудандар мен сағаттар бойынша адамдар ағыны', '@language': 'kk' },
      { '@value': 'Поток людей по районам и часам', '@language': 'ru' },
    ]);
    expect(translated['dcat:keyword']).toEqual([
      { '@value': 'footfall', '@language': 'en' },
      { '@value': 'mobility', '@language': 'en' },
      { '@value': 'ағын', '@language': 'kk' },
    ]);
    const report = await validateDcatAp(dcatCatalog(BASE, `${BASE}/v1`, [translated], null));
    expect(report.violations).toEqual([]);
  });
});

describe('the SHACL check itself', () => {
  it('reports a dataset without a title and a theme that does not say it is a concept', async () => {
    const spoilt = dcatDataset(BASE, dataset);
    delete spoilt['dct:title'];
    spoilt['dcat:theme'] = [
      { '@id': 'http://publications.europa.eu/resource/authority/data-theme/TRAN' },
    ];
    const report = await validateDcatAp(dcatCatalog(BASE, `${BASE}/v1`, [spoilt], null));
    expect(report.violations.map((v) => [v.path, v.constraint])).toEqual(
      expect.arrayContaining([
        ['http://purl.org/dc/terms/title', 'MinCountConstraintComponent'],
        ['http://www.w3.org/ns/dcat#theme', 'ClassConstraintComponent'],
      ]),
    );
  });
});
