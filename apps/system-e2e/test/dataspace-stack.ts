import { ok } from '@dx/client';
import { kafkaPrincipalOf } from '@dx/contracts';
import {
  freePort,
  kafkaClientEnv,
  runMigrationCommand,
  startApp,
  testInfra,
  waitFor,
  type RunningApp,
} from '@dx/testing';
import { operatorClient, startStack, type Stack } from './stack';

/*
 * The platform as a data-space participant for the DSP e2e tests (docs/dataspace.md): catalog and
 * consent as processes, the DSP gateway beside them, a telecom that publishes a dataset with
 * standard terms and a decision policy (economic analysis refused, urban planning accepted at
 * once, other purposes left to a person), and a city that consumes.
 */
export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
const GATEWAY_SECRET = 'e2e-gateway-secret-0123456789';

export type Who = 'telecom' | 'city';

export interface DataspaceStack {
  stack: Stack<'catalog' | 'consent' | 'integration' | 'insights'>;
  dsp: RunningApp;
  datasetId: string;
  creds: Record<Who, { clientId: string; clientSecret: string; id: string }>;
  tokenOf: (who: Who) => Promise<string>;
  /** A DSP call to the gateway, with a token as `Bearer <token>` or bare (`raw`), as EDC sends it. */
  dspCall: (
    path: string,
    opts?: { token?: string; raw?: boolean; body?: unknown },
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
  stop: () => Promise<void>;
}

/** `insights`: the dashboards' service too, to check what a dashboard shows. */
export async function startDataspaceStack(
  opts: { insights?: boolean } = {},
): Promise<DataspaceStack> {
  const creds = {} as DataspaceStack['creds'];
  // Kept until a minute before expiry, as a client does: the token endpoint limits each client's
  // requests (TOKEN_RATE_LIMIT_PER_CLIENT), and a test that asked per call would meet the limit.
  const tokens = new Map<Who, { token: string; until: number }>();
  const tokenOf = async (who: Who): Promise<string> => {
    const held = tokens.get(who);
    if (held && held.until > Date.now()) return held.token;
    const res = await fetch(`${stack.apps.catalog.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: creds[who].clientId,
        client_secret: creds[who].clientSecret,
      }),
    });
    if (res.status !== 200) throw new Error(`token for ${who}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    tokens.set(who, {
      token: body.access_token,
      until: Date.now() + (body.expires_in - 60) * 1000,
    });
    return body.access_token;
  };
  const dspCall: DataspaceStack['dspCall'] = async (path, opts = {}) => {
    const res = await fetch(`${dsp.url}${path}`, {
      method: opts.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: opts.raw ? opts.token : `Bearer ${opts.token}` } : {}),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const integrationPort = await freePort();
  const stack = await startStack(
    opts.insights
      ? (['catalog', 'consent', 'integration', 'insights'] as const)
      : (['catalog', 'consent', 'integration'] as const),
    { OUTBOX_POLL_MS: '200' },
    {
      catalog: { DSP_GATEWAY_CLIENT_SECRET: GATEWAY_SECRET },
      // Transfers tell connectors where to pull: integration's own address.
      integration: {
        PORT: String(integrationPort),
        PUBLIC_URL: `http://127.0.0.1:${integrationPort}`,
      },
    },
  );
  runMigrationCommand(stack.db, ['dsp']);
  const port = await freePort();
  const dsp = await startApp('dsp', {
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
    INTEGRATION_URL: stack.apps.integration.url,
    DSP_CLIENT_SECRET: GATEWAY_SECRET,
  });
  const operator = operatorClient(stack);
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
        translations: {
          kk: {
            title: 'Аудандар бойынша халықтың болуы, сағат сайын (синтетикалық)',
            description: 'Әр аудандағы сағат сайынғы адамдар саны.',
          },
          ru: {
            title: 'Присутствие населения по районам, почасово (синтетические)',
            description: 'Число людей в районе за час.',
          },
        },
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
  const datasetId = dataset.id;
  await ok(
    telecom.catalog.POST('/v1/datasets/{id}/publish', {
      params: { path: { id: datasetId } },
      body: {},
    }),
  );
  const token = await tokenOf('telecom');
  // Two records to pull, once integration has heard of the dataset.
  await waitFor(
    async () =>
      (
        await fetch(`${stack.apps.integration.url}/v1/datasets/${datasetId}/deliveries`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
          body: ['Almaly', 'Medeu']
            .map((district, i) =>
              JSON.stringify({ district, hour: '2026-03-02T10:00:00Z', people: 10 * (i + 1) }),
            )
            .join('\n'),
        })
      ).status === 201,
    { what: 'a delivery accepted once integration knows the dataset' },
  );
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
    rules: [
      { id: 'no-commerce', purposes: ['economic-analysis'], action: 'reject' },
      { id: 'planning', purposes: ['urban-planning'], action: 'accept' },
    ],
  });
  return {
    stack,
    dsp,
    datasetId,
    creds,
    tokenOf,
    dspCall,
    stop: async () => {
      await dsp.stop();
      await stack.stop();
    },
  };
}
