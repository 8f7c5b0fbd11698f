import { dspCatalogue, policyToTerms, type CatalogueDataset } from '@dx/dataspace';
import { exampleAgreementTerms } from '@dx/contracts';
import { dspEndpointUrlConflict, validateDcatAp } from '@dx/testing';

const NS = 'https://dsp.city.example/dsp/odrl-profile/v1#';
const { reciprocalAgreementId: _none, ...terms } = exampleAgreementTerms;
const dataset: CatalogueDataset = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  title: 'Footfall by district and hour',
  description: 'People counted per district and hour from mobile network signalling.',
  themes: ['REGI'],
  keywords: ['footfall'],
  licenceUri: 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
  updateFrequency: 'P1D',
  spatialCoverage: { name: 'Almaty' },
  temporalCoverage: { start: '2024-01-01' },
  contactPoint: { name: 'Data desk', email: 'data@telecom.example' },
  status: 'published',
  publishedAt: new Date('2026-01-05T10:00:00Z'),
  updatedAt: new Date('2026-02-01T10:00:00Z'),
  latestSchemaVersion: 2,
  provider: { id: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a', name: 'Telecom', kind: 'business' },
  offers: [{ id: 'urn:dx:offer:1', terms }],
};
const catalogue = dspCatalogue({
  protocolAddress: 'https://dsp.city.example/dsp/2025-1',
  participantId: 'dx-dsp',
  datasetBase: 'https://catalog.city.example/v1',
  odrlProfile: NS,
  datasets: [dataset],
});

describe('the DSP catalogue', () => {
  it('conforms to the SEMIC DCAT-AP 3.0.1 shapes once expanded with the DSP contexts, but for the data service’s endpointURL that DSP writes as a string', async () => {
    const report = await validateDcatAp(catalogue);
    expect(report.triples).toBeGreaterThan(80);
    expect(
      report.violations.map(({ focusNode, path, constraint }) => ({ focusNode, path, constraint })),
    ).toEqual(dspEndpointUrlConflict('https://dsp.city.example/dsp/2025-1#data-service'));
  });

  it('has the one distribution DSP serves, naming its data service and format as DSP’s schemas want', () => {
    const [d] = catalogue.dataset as Array<{ distribution: Array<Record<string, unknown>> }>;
    expect(d.distribution).toEqual([
      expect.objectContaining({
        format: 'HttpData-PULL',
        accessService: {
          '@id': 'https://dsp.city.example/dsp/2025-1#data-service',
          '@type': 'DataService',
          endpointURL: 'https://dsp.city.example/dsp/2025-1',
        },
      }),
    ]);
  });

  it('offers exactly the terms it was built from, read back through the ODRL profile', () => {
    const [d] = catalogue.dataset as Array<{ hasPolicy: unknown[] }>;
    expect(d.hasPolicy).toHaveLength(1);
    expect(policyToTerms(d.hasPolicy[0], NS)).toEqual({ ok: true, terms });
  });
});
