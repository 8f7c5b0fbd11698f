import { ok, type DxClient } from '@dx/client';
import { kafkaPrincipalOf } from '@dx/contracts';
import { policyToTerms } from '@dx/dataspace';
import {
  freePort,
  kafkaClientEnv,
  runMigrationCommand,
  startApp,
  testInfra,
  validateDcatAp,
  waitFor,
  type RunningApp,
} from '@dx/testing';
import { operatorClient, startStack, type Stack } from '../test/stack';

/*
 * The Dataspace Protocol catalogue (docs/dataspace.md §1–§5) across processes: the DSP gateway asks
 * the catalog and consent with the connector's own token and answers a CatalogRequestMessage with
 * the DCAT-AP datasets and the ODRL offers this participant gets; the answer validates against the
 * SEMIC DCAT-AP 3.0.1 shapes; malformed and unauthenticated requests get DSP error bodies.
 */
const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
let stack: Stack<'catalog' | 'consent'>;
let dsp: RunningApp;
let operator: DxClient;
let datasetId: string;
const creds: Record<'telecom' | 'city', { clientId: string; clientSecret: string; id: string }> =
  {} as never;

async function tokenOf(who: 'telecom' | 'city'): Promise<string> {
  const res = await fetch(`${stack.apps.catalog.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds[who].clientId,
      client_secret: creds[who].clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function dspCall(
  path: string,
  opts: { token?: string; raw?: boolean; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${dsp.url}${path}`, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      // EDC sends the bare token; other connectors send `Bearer <token>`: both are taken.
      ...(opts.token ? { authorization: opts.raw ? opts.token : `Bearer ${opts.token}` } : {}),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const catalogRequest = { '@context': [DSP_CONTEXT], '@type': 'CatalogRequestMessage' };
type DspDataset = { '@id': string; hasPolicy: Array<Record<string, unknown>> };

beforeAll(async () => {
  stack = await startStack(['catalog', 'consent'], { OUTBOX_POLL_MS: '200' });
  runMigrationCommand(stack.db, ['dsp']);
  const port = await freePort();
  dsp = await startApp('dsp', {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: stack.db.urlFor('dsp'),
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: stack.prefix,
    ...kafkaClientEnv(kafkaPrincipalOf('dsp')),
    JWT_ISSUER: stack.apps.catalog.url,
    JWKS_URL: `${stack.apps.catalog.url}/.well-known/jwks.json`,
    CATALOG_URL: stack.apps.catalog.url,
    CONSENT_URL: stack.apps.consent.url,
  });
  operator = operatorClient(stack);
  for (const [who, name, kind, legalId] of [
    ['telecom', 'Telecom (synthetic)', 'business', '990140001560'],
    ['city', 'City digitalization department (synthetic)', 'municipality', '990240001237'],
  ] as const) {
    const reg = await ok(
      operator.catalog.POST('/v1/participants', {
        body: { name, kind, legalId, sector: 'synthetic sector', contactEmail: 'data@example.kz' },
      }),
    );
    creds[who] = { clientId: reg.clientId, clientSecret: reg.clientSecret!, id: reg.id };
  }
  const telecom = operator.as(creds.telecom);
  const dataset = await ok(
    telecom.catalog.POST('/v1/datasets', {
      body: {
        title: 'Population presence by district, hourly (synthetic)',
        description: 'People present per district and hour.',
        themes: ['SOCI'],
        keywords: ['population'],
        licence: 'agreement-only',
        sensitivity: 'personal-aggregated',
        visibility: 'public',
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
            },
          },
        },
      },
    }),
  );
  datasetId = dataset.id;
  await ok(
    telecom.catalog.POST('/v1/datasets/{id}/publish', {
      params: { path: { id: datasetId } },
      body: {},
    }),
  );
  const token = await tokenOf('telecom');
  const put = (path: string, body: unknown) =>
    fetch(`${stack.apps.consent.url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  // Consent learns of the dataset from catalog.dataset.v1 within moments.
  await waitFor(
    async () =>
      (
        await put(`/v1/datasets/${datasetId}/standard-terms`, {
          legalBasis: 'Voluntary data-sharing agreement under the city data charter',
          fields: ['people'],
          deliveryFrequency: 'P1D',
          gracePeriod: 'PT6H',
          validity: 'P1Y',
          retentionDays: 90,
          onwardSharingProhibited: true,
          terminationNoticeDays: 30,
          changeNoticeDays: 14,
        })
      ).status === 200,
    { what: 'standard terms accepted once consent knows the dataset' },
  );
  await put(`/v1/datasets/${datasetId}/decision-policy`, {
    rules: [{ id: 'no-commerce', purposes: ['economic-analysis'], action: 'reject' }],
  });
});

afterAll(async () => {
  await dsp?.stop();
  await stack?.stop();
});

it('says where DSP 2025-1 is served, without a token', async () => {
  const res = await dspCall('/.well-known/dspace-version');
  expect(res.status).toBe(200);
  expect(res.body.protocolVersions).toEqual([
    expect.objectContaining({ version: '2025-1', path: '/dsp/2025-1', binding: 'HTTPS' }),
  ]);
});

it('answers a catalogue request with the DCAT-AP dataset and one ODRL offer per purpose the policy allows', async () => {
  const city = await tokenOf('city');
  const res = await dspCall('/dsp/2025-1/catalog/request', {
    token: city,
    raw: true,
    body: catalogRequest,
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual(
    expect.objectContaining({ '@type': 'Catalog', participantId: 'dx-dsp' }),
  );
  const datasets = res.body.dataset as DspDataset[];
  const mine = datasets.find((d) => d['@id'].endsWith(datasetId))!;
  expect(mine['@id']).toBe(`${stack.apps.catalog.url}/v1/datasets/${datasetId}`);
  // Nine purposes in the controlled list, economic analysis refused by the provider's rule.
  expect(mine.hasPolicy).toHaveLength(8);
  const consent = (await (
    await fetch(`${stack.apps.consent.url}/v1/datasets/${datasetId}/offers`, {
      headers: { authorization: `Bearer ${city}` },
    })
  ).json()) as { offers: Array<{ purpose: string; terms: Record<string, unknown> }> };
  const profile = `${dsp.url}/dsp/odrl-profile/v1#`;
  const read = mine.hasPolicy.map((p) => policyToTerms(p, profile));
  expect(read).toEqual(consent.offers.map((o) => ({ ok: true, terms: o.terms })));
  expect(mine.hasPolicy.every((p) => p.assigner === 'dx-dsp')).toBe(true);
});

it('validates against the SEMIC DCAT-AP 3.0.1 shapes with no violation', async () => {
  const res = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('city'),
    body: catalogRequest,
  });
  const report = await validateDcatAp(res.body);
  expect(report.triples).toBeGreaterThan(200);
  expect(report.violations).toEqual([]);
});

it('serves one dataset by its IRI, and offers the provider nothing of its own', async () => {
  const one = await dspCall(
    `/dsp/2025-1/catalog/datasets/${encodeURIComponent(`${stack.apps.catalog.url}/v1/datasets/${datasetId}`)}`,
    { token: await tokenOf('city') },
  );
  expect(one.status).toBe(200);
  expect((one.body.hasPolicy as unknown[]).length).toBe(8);
  const own = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('telecom'),
    body: catalogRequest,
  });
  expect((own.body.dataset as DspDataset[]).some((d) => d['@id'].endsWith(datasetId))).toBe(false);
  const notOffered = await dspCall(`/dsp/2025-1/catalog/datasets/${datasetId}`, {
    token: await tokenOf('telecom'),
  });
  expect(notOffered.status).toBe(404);
  expect(notOffered.body).toEqual(
    expect.objectContaining({ '@type': 'CatalogError', code: 'DSP.DATASET_NOT_OFFERED' }),
  );
});

it('answers malformed and unauthenticated requests with DSP error bodies naming the problem', async () => {
  const wrong = await dspCall('/dsp/2025-1/catalog/request', {
    token: await tokenOf('city'),
    body: { '@context': ['https://w3id.org/dspace/v0.8/context.json'], '@type': 'Catalog' },
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body).toEqual({
    '@context': [DSP_CONTEXT],
    '@type': 'CatalogError',
    code: 'DSP.INVALID_MESSAGE',
    reason: [
      'not a CatalogRequestMessage',
      `@context: must include ${DSP_CONTEXT} (DSP 2025-1)`,
      '@type: must be CatalogRequestMessage, not Catalog',
    ],
  });
  const anonymous = await dspCall('/dsp/2025-1/catalog/request', { body: catalogRequest });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toEqual(expect.objectContaining({ '@type': 'CatalogError' }));
  const forged = await dspCall('/dsp/2025-1/catalog/request', {
    token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln',
    raw: true,
    body: catalogRequest,
  });
  expect(forged.status).toBe(401);
});
