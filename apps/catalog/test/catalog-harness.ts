import { randomBytes, randomInt } from 'node:crypto';
import { Client } from 'pg';
import { allTopicSpecs, type EventEnvelope } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import { createApp } from '@dx/service-kit';
import {
  createTestDatabase,
  readTopic,
  runMigrationCommand,
  startInProcess,
  testInfra,
  uniquePrefix,
  waitFor,
  type InProcessApp,
  type TestDatabase,
} from '@dx/testing';
import { withCheckDigit } from '../src/participants/domain/legal-id';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RegisteredParticipant {
  id: string;
  clientId: string;
  clientSecret: string;
  token: string;
  legalId: string;
}

export const OPERATOR_CLIENT_ID = 'platform-operator';

/** A fresh valid BIN (synthetic; 11 random digits plus the check digit). */
export function freshLegalId(): string {
  for (;;) {
    const id = withCheckDigit(`${randomInt(10 ** 10, 10 ** 11)}`.padStart(11, '0'));
    if (id) return id;
  }
}

/**
 * The catalog service booted in the test process against a fresh migrated database and the real
 * broker (topics under a unique prefix), with helpers to obtain tokens and call the API.
 */
export class CatalogHarness {
  readonly operatorSecret = randomBytes(24).toString('base64url');
  private operatorTokenCache?: string;
  app!: InProcessApp;
  db!: TestDatabase;
  prefix!: string;

  static async start(env: Record<string, string> = {}): Promise<CatalogHarness> {
    const h = new CatalogHarness();
    h.db = await createTestDatabase();
    runMigrationCommand(h.db, ['catalog']);
    h.prefix = uniquePrefix();
    const connection = new KafkaConnection(
      { brokers: testInfra().kafkaBrokers, clientId: 'catalog-test', topicPrefix: h.prefix },
      createLogger('catalog-test'),
    );
    await provisionTopics(connection, allTopicSpecs());
    await connection.close();
    h.app = await startInProcess({
      env: {
        DATABASE_URL: h.db.urlFor('catalog'),
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: h.prefix,
        OPERATOR_CLIENT_ID,
        OPERATOR_CLIENT_SECRET: h.operatorSecret,
        JWT_ISSUER: 'http://catalog.test',
        JWT_AUDIENCE: 'dx-platform',
        PUBLIC_BASE_URL: 'https://catalog.example',
        LOG_LEVEL: 'warn',
        OUTBOX_POLL_MS: '200',
        ...env,
      },
      boot: async () =>
        createApp((await import('../src/app.module')).AppModule, {
          service: 'catalog',
          description: 'catalog (test)',
        }),
    });
    return h;
  }

  get url(): string {
    return this.app.url;
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.db?.drop();
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** A query as the superuser on this test database (assertions across tables). */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.db.adminUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /**
   * The events of one aggregate as they are on the broker: waits until the relay has published
   * every outbox row for it, then reads the topic and keeps that aggregate's records, in order.
   */
  async publishedEvents(topic: string, subject: string): Promise<EventEnvelope[]> {
    await waitFor(
      async () =>
        (
          await this.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM catalog.outbox WHERE message_key = $1 AND published_at IS NULL`,
            [subject],
          )
        )[0].n,
      { until: (n) => n === 0, what: `outbox rows of ${subject} published` },
    );
    const records = await readTopic(`${this.prefix}${topic}`);
    return records
      .filter((r) => r.key === subject)
      .map((r) => JSON.parse(r.value) as EventEnvelope);
  }

  async token(clientId: string, clientSecret: string): Promise<string> {
    const res = await this.call<{ access_token: string }>('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    if (res.status !== 200)
      throw new Error(`token for ${clientId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token;
  }

  async operatorToken(): Promise<string> {
    this.operatorTokenCache ??= await this.token(OPERATOR_CLIENT_ID, this.operatorSecret);
    return this.operatorTokenCache;
  }

  async registerParticipant(
    overrides: Partial<{ name: string; kind: string; sector: string }> = {},
  ): Promise<RegisteredParticipant> {
    const legalId = freshLegalId();
    const res = await this.call<{ id: string; clientId: string; clientSecret: string }>(
      'POST',
      '/v1/participants',
      {
        token: await this.operatorToken(),
        body: {
          name: overrides.name ?? `Participant ${legalId} (synthetic)`,
          kind: overrides.kind ?? 'business',
          legalId,
          sector: overrides.sector ?? 'telecommunications',
          contactEmail: `data-${legalId}@example.kz`,
        },
      },
    );
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    const { id, clientId, clientSecret } = res.body;
    return { id, clientId, clientSecret, legalId, token: await this.token(clientId, clientSecret) };
  }

  async platformClientToken(role: 'auditor' | 'dashboard'): Promise<string> {
    const res = await this.call<{ clientId: string; clientSecret: string }>(
      'POST',
      '/v1/platform-clients',
      {
        token: await this.operatorToken(),
        body: { name: `${role} (test)`, roles: [role] },
      },
    );
    if (res.status !== 201)
      throw new Error(`platform client: ${res.status} ${JSON.stringify(res.body)}`);
    return this.token(res.body.clientId, res.body.clientSecret);
  }
}

/** A realistic dataset body (synthetic): hourly presence per district. */
export function datasetBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Population presence by district, hourly (synthetic)',
    description: 'Estimated number of people present in each Almaty district per hour.',
    themes: ['SOCI', 'REGI'],
    keywords: ['population', 'mobility', 'district'],
    licence: 'CC-BY-4.0',
    sensitivity: 'personal-aggregated',
    visibility: 'public',
    updateFrequency: 'PT1H',
    spatialCoverage: {
      name: 'Almaty',
      uri: 'https://www.geonames.org/1526384',
      bbox: [76.75, 43.1, 77.15, 43.4],
    },
    temporalCoverage: { start: '2024-01-01' },
    legalBasis: 'Voluntary data-sharing agreement under the city data charter',
    citizenServices: ['public-transport-planning'],
    contactPoint: { name: 'Data office (synthetic)', email: 'data@telecom.example' },
    recordSchema: presenceSchema(),
    ...overrides,
  };
}

export function presenceSchema(): Record<string, unknown> {
  return {
    primaryKey: ['district', 'hour'],
    timeField: 'hour',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['district', 'hour', 'people'],
      properties: {
        district: { type: 'string', enum: ['Almaly', 'Auezov', 'Bostandyk', 'Medeu'] },
        hour: { type: 'string', format: 'date-time' },
        people: { type: 'integer', minimum: 0 },
      },
    },
  };
}
