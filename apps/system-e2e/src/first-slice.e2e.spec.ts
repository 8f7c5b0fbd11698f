import { createServer, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { TOPIC_REGISTRY, allTopicSpecs } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import {
  createTestDatabase,
  runMigrationCommand,
  freePort,
  readTopic,
  startApp,
  startOtlpReceiver,
  testInfra,
  uniquePrefix,
  waitFor,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

/*
 * The first end-to-end slice, with catalog and trust as separate processes (as `npm start` runs
 * them) on the real broker and database: register a participant, get its token, see its trust
 * profile created through outbox → Kafka → inbox, and one trace across both services.
 */
type SigningKey = Parameters<SignJWT['sign']>[0];
const OPERATOR_SECRET = randomBytes(24).toString('base64url');
const AUDIENCE = 'dx-platform';

let db: TestDatabase;
let catalog: RunningApp;
let trust: RunningApp;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let prefix: string;
let issuer: string;
let jwksServer: Server;
let testKey: { privateKey: SigningKey; jwk: JWK };

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function token(clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${catalog.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  expect(res.status).toBe(200);
  return (await json(res)).access_token as string;
}

beforeAll(async () => {
  db = await createTestDatabase();
  runMigrationCommand(db, ['catalog', 'trust']);
  prefix = uniquePrefix();
  const connection = new KafkaConnection(
    { brokers: testInfra().kafkaBrokers, clientId: 'e2e', topicPrefix: prefix },
    createLogger('e2e'),
  );
  await provisionTopics(connection, allTopicSpecs());
  await connection.close();
  otlp = await startOtlpReceiver();

  const catalogPort = await freePort();
  issuer = `http://127.0.0.1:${catalogPort}`;
  // trust reads its keys from here: catalog's live JWKS plus one key of this test (to mint tokens
  // that are well signed but wrong in one claim). A "foreign" key is never published.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  testKey = {
    privateKey: privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid: 'e2e-test-key', alg: 'ES256' },
  };
  jwksServer = createServer((_req, res) => {
    void fetch(`${issuer}/.well-known/jwks.json`)
      .then((r) => r.json() as Promise<{ keys: JWK[] }>)
      .then((set) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: [...set.keys, testKey.jwk] })),
      );
  });
  const jwksPort = await freePort();
  await new Promise<void>((r) => jwksServer.listen(jwksPort, '127.0.0.1', () => r()));

  const common = {
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: AUDIENCE,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  };
  [catalog, trust] = await Promise.all([
    startApp('catalog', {
      ...common,
      PORT: String(catalogPort),
      DATABASE_URL: db.urlFor('catalog'),
      OPERATOR_CLIENT_SECRET: OPERATOR_SECRET,
      JWKS_URL: `${issuer}/.well-known/jwks.json`,
      LOG_LEVEL: 'info', // request logs, to check they carry the trace id
    }),
    startApp('trust', {
      ...common,
      DATABASE_URL: db.urlFor('trust'),
      JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks.json`,
    }),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([catalog?.stop(), trust?.stop()]);
  await new Promise((r) => jwksServer?.close(r));
  await otlp?.close();
  await db?.drop();
});

const validParticipant = () => ({
  name: 'Taxi aggregator (synthetic)',
  kind: 'business',
  legalId: '990140001560',
  sector: 'mobility',
  contactEmail: 'data@taxi.example',
});

describe('first slice: register → token → outbox → Kafka → trust profile', () => {
  it('registers a participant whose own token reads its trust profile, in one trace across services', async () => {
    const operator = await token('platform-operator', OPERATOR_SECRET);
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${operator}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        'idempotency-key': 'register-taxi-1',
      },
      body: JSON.stringify(validParticipant()),
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({ kind: 'business', status: 'active', legalId: '990140001560' });
    expect(typeof created.clientSecret).toBe('string');

    // A retry with the same key returns the first result (without the secret, shown once).
    const again = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${operator}`,
        'content-type': 'application/json',
        'idempotency-key': 'register-taxi-1',
      },
      body: JSON.stringify(validParticipant()),
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const replay = await json(again);
    expect(replay.id).toBe(created.id);
    expect(replay.clientSecret).toBeUndefined();

    const participantToken = await token(
      created.clientId as string,
      created.clientSecret as string,
    );
    const profile = await waitFor(
      async () => {
        const r = await fetch(
          `${trust.url}/v1/participants/${String(created.id)}/trust?role=provider`,
          {
            headers: { authorization: `Bearer ${participantToken}` },
          },
        );
        return r.status === 200 ? json(r) : undefined;
      },
      { what: 'trust profile', timeoutMs: 30_000 },
    );
    expect(profile).toMatchObject({
      participantId: created.id,
      role: 'provider',
      score: 0.4,
      uncertainty: 1,
      tier: 'Provisional',
      baseRate: 0.4,
    });
    expect(profile!.lowerBound as number).toBeCloseTo(0.0195, 3);

    // The trust service announced both roles' scores on the compacted topic, keyed participant:role.
    const scores = await waitFor(() => readTopic(`${prefix}trust.score.v1`), {
      until: (r) => r.length === 2,
    });
    const pid = String(created.id);
    expect(scores.map((s) => s.key).sort()).toEqual([`${pid}:consumer`, `${pid}:provider`]);

    // One trace: catalog's request, its outbox publish, trust's consume and its own publish.
    const traced = await waitFor(() => otlp.spans.filter((s) => s.traceId === traceId), {
      until: (s) =>
        s.some((x) => x.service === 'trust' && x.name === 'catalog.participant.v1 process') &&
        s.some((x) => x.service === 'trust' && x.name === 'trust.score.v1 publish'),
      what: 'spans of both services in one trace',
      timeoutMs: 30_000,
    });
    expect(
      traced.some((s) => s.service === 'catalog' && s.name === 'catalog.participant.v1 publish'),
    ).toBe(true);
    expect(traced.some((s) => s.service === 'catalog' && s.kind === 2)).toBe(true); // SERVER span of the POST
    expect(new Set(traced.map((s) => s.service))).toEqual(new Set(['catalog', 'trust']));

    // Logs are JSON lines joined to the trace.
    const logLines = catalog
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { trace_id?: string; req?: { url?: string }; service?: string });
    expect(
      logLines.some(
        (l) =>
          l.trace_id === traceId && l.req?.url === '/v1/participants' && l.service === 'catalog',
      ),
    ).toBe(true);

    // Metrics count what happened: catalog published through its outbox, trust applied the event.
    const metric = async (app: RunningApp, name: string) => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith(name))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    };
    expect(
      await waitFor(() => metric(catalog, 'dx_outbox_published_total'), { until: (n) => n >= 1 }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric(trust, 'dx_consumer_processed_total')).toBeGreaterThanOrEqual(1);
    expect(await metric(catalog, 'dx_outbox_lag_seconds_count')).toBeGreaterThanOrEqual(1);

    // Back to the catalog: its replica of trust.score.v1 (group catalog.provider-trust) shows the
    // provider's tier beside the datasets it publishes.
    const createdDataset = await fetch(`${catalog.url}/v1/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${participantToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Taxi trips by district, daily (synthetic)',
        description: 'Trips started per district and day.',
        themes: ['TRAN'],
        keywords: ['taxi', 'trips'],
        licence: 'agreement-only',
        sensitivity: 'personal-aggregated',
        updateFrequency: 'P1D',
        spatialCoverage: { name: 'Almaty' },
        temporalCoverage: { start: '2025-01-01' },
        legalBasis: 'Data-sharing agreement',
        contactPoint: { name: 'Data team', email: 'data@taxi.example' },
        recordSchema: {
          primaryKey: ['district', 'day'],
          schema: {
            type: 'object',
            required: ['district', 'day', 'trips'],
            properties: {
              district: { type: 'string' },
              day: { type: 'string', format: 'date' },
              trips: { type: 'integer', minimum: 0 },
            },
          },
        },
      }),
    });
    expect(createdDataset.status).toBe(201);
    const datasetId = String((await json(createdDataset)).id);
    const provider = await waitFor(
      async () => {
        const r = await fetch(`${catalog.url}/v1/datasets/${datasetId}`, {
          headers: { authorization: `Bearer ${participantToken}` },
        });
        return (await json(r)).provider as { trustTier: string | null; trustLowerBound: number };
      },
      {
        until: (p) => p.trustTier !== null,
        what: 'provider tier in the catalog',
        timeoutMs: 30_000,
      },
    );
    expect(provider.trustTier).toBe('Provisional');
    expect(provider.trustLowerBound).toBeCloseTo(profile!.lowerBound as number, 9);
  });

  it('is described in the registry the apps use', () => {
    expect(
      TOPIC_REGISTRY.find((t) => t.name === 'catalog.participant.v1')?.consumers,
    ).toContainEqual({ app: 'trust', group: 'trust.participant-profiles' });
  });
});

describe('authentication and authorisation', () => {
  const someId = randomUUID();
  const trustUrl = () => `${trust.url}/v1/participants/${someId}/trust`;
  const mint = (
    claims: { iss?: string; aud?: string; exp?: number | string },
    key: SigningKey = testKey.privateKey,
    kid = 'e2e-test-key',
  ) =>
    new SignJWT({ roles: ['participant'] })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? AUDIENCE)
      .setSubject(someId)
      .setJti(randomUUID())
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(claims.exp ?? '10m')
      .sign(key);

  async function statusWith(
    authorization?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
    const r = await fetch(trustUrl(), { headers: authorization ? { authorization } : {} });
    return { status: r.status, body: await json(r), type: r.headers.get('content-type') };
  }

  it('accepts a well-formed token (control: 404 because the participant does not exist)', async () => {
    const r = await statusWith(`Bearer ${await mint({})}`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('TRUST.PROFILE_NOT_FOUND');
  });

  it.each([
    ['missing', () => Promise.resolve(undefined), 'AUTH.MISSING_TOKEN'],
    [
      'expired',
      async () => `Bearer ${await mint({ exp: Math.floor(Date.now() / 1000) - 60 })}`,
      'AUTH.TOKEN_EXPIRED',
    ],
    [
      'wrong audience',
      async () => `Bearer ${await mint({ aud: 'someone-else' })}`,
      'AUTH.INVALID_CLAIM',
    ],
    [
      'wrong issuer',
      async () => `Bearer ${await mint({ iss: 'https://evil.example' })}`,
      'AUTH.INVALID_CLAIM',
    ],
    [
      'alg none',
      () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return Promise.resolve(
          `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: issuer, aud: AUDIENCE, sub: someId, roles: ['operator'], iat: now, exp: now + 600, jti: randomUUID() })}.`,
        );
      },
      'AUTH.INVALID_TOKEN',
    ],
    [
      'signed by a foreign key',
      async () => {
        const foreign = await generateKeyPair('ES256');
        return `Bearer ${await mint({}, foreign.privateKey, 'e2e-test-key')}`;
      },
      'AUTH.INVALID_TOKEN',
    ],
    ['garbage', () => Promise.resolve('Bearer not.a.jwt'), 'AUTH.INVALID_TOKEN'],
  ])('refuses a %s token with 401 problem+json', async (_name, header, code) => {
    const r = await statusWith(await header());
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.code).toBe(code);
  });

  it('forbids a participant token on an operator endpoint (403)', async () => {
    const operator = await token('platform-operator', OPERATOR_SECRET);
    const created = await json(
      await fetch(`${catalog.url}/v1/participants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...validParticipant(),
          legalId: '000000000198',
          name: 'Retailer (synthetic)',
        }),
      }),
    );
    const participantToken = await token(
      created.clientId as string,
      created.clientSecret as string,
    );
    const r = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${participantToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...validParticipant(), legalId: '120340005672' }),
    });
    expect(r.status).toBe(403);
    expect((await json(r)).code).toBe('AUTH.ROLE_REQUIRED');
  });

  it('refuses a wrong client secret with 401 and never issues a token', async () => {
    const r = await fetch(`${catalog.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'platform-operator',
        client_secret: 'wrong-secret-wrong',
      }),
    });
    expect(r.status).toBe(401);
    const body = await json(r);
    expect(body).toMatchObject({ code: 'OAUTH.INVALID_CLIENT', error: 'invalid_client' });
    expect(body.access_token).toBeUndefined();
  });
});

describe('bad input', () => {
  it('names every offending field in a problem+json 400 and writes nothing', async () => {
    const operator = await token('platform-operator', OPERATOR_SECRET);
    const r = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 7,
        kind: 'pirate',
        legalId: '12',
        sector: '',
        contactEmail: 'not-an-email',
        surprise: true,
      }),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = await json(r);
    expect(body.code).toBe('REQUEST.INVALID');
    const paths = new Set((body.errors as Array<{ path: string }>).map((e) => e.path));
    expect(paths).toEqual(
      new Set(['name', 'kind', 'legalId', 'sector', 'contactEmail', 'surprise']),
    );
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const operator = await token('platform-operator', OPERATOR_SECRET);
    const huge = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...validParticipant(), name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(huge)).code).toBe('HTTP.BODY_TOO_LARGE');
  });

  it('answers malformed JSON and a bad check digit with 400, never 500', async () => {
    const operator = await token('platform-operator', OPERATOR_SECRET);
    const malformed = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).code).toBe('HTTP.MALFORMED_BODY');
    const badDigit = await fetch(`${catalog.url}/v1/participants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...validParticipant(), legalId: '990140001561' }),
    });
    expect(badDigit.status).toBe(400);
    expect(await json(badDigit)).toMatchObject({
      code: 'PARTICIPANT.INVALID_LEGAL_ID',
      errors: [{ path: 'legalId', message: 'check digit does not match' }],
    });
  });
});
