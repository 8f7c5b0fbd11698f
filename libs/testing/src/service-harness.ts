import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { Client } from 'pg';
import {
  allTopicSpecs,
  createEnvelope,
  DatasetCreatedV1,
  DatasetPublishedV1,
  exampleDataset,
  exampleRecordSchemaVersion,
  Header,
  Topics,
  type EventDefinition,
  type EventEnvelope,
} from '@dx/contracts';
import { createTestDatabase, runMigrationCommand, type TestDatabase } from './database';
import { startInProcess, type InProcessApp } from './in-process';
import { testInfra } from './infra';
import { createTopics, produceRaw, readTopic } from './kafka';
import { uniquePrefix } from './names';
import { waitFor } from './wait-for';
import { startApp, type RunningApp } from './processes';

type SigningKey = Parameters<SignJWT['sign']>[0];
export const TEST_ISSUER = 'http://catalog.test';
export const TEST_AUDIENCE = 'dx-platform';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A service booted in the test process against a fresh migrated database and the real broker
 * (topics under a unique prefix). Tokens are signed by a key the harness publishes as the JWKS (the
 * catalog's token issuing is tested in the catalog); other services' events arrive as real records
 * on Kafka. Subclasses say how the app is built (`bootApp`) and how their dataset replica is probed.
 */
export abstract class ServiceHarness {
  app!: InProcessApp;
  db!: TestDatabase;
  prefix!: string;
  protected env: Record<string, string> = {};
  private jwks?: Server;
  private key!: { privateKey: SigningKey; jwk: JWK };

  protected constructor(protected readonly service: string) {}

  /** How the subclass builds its app (module overrides, streamed routes …). */
  protected abstract bootApp(): Promise<INestApplication>;
  /** SQL that returns a row once the service's replica holds dataset `$1`. */
  protected abstract readonly datasetProbe: string;

  protected async prepare(env: Record<string, string>): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    this.key = {
      privateKey,
      jwk: {
        ...(await exportJWK(publicKey)),
        kid: `${this.service}-test`,
        alg: 'ES256',
        use: 'sig',
      },
    };
    const jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [this.key.jwk] }));
    });
    this.jwks = jwks;
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    this.db = await createTestDatabase();
    runMigrationCommand(this.db, [this.service]);
    this.prefix = uniquePrefix();
    // Plain topics are enough here (provisioning with cleanup policies is tested in messaging).
    await createTopics(allTopicSpecs().map((t) => `${this.prefix}${t.name}`));
    this.env = {
      DATABASE_URL: this.db.urlFor(this.service),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: this.prefix,
      JWT_ISSUER: TEST_ISSUER,
      JWT_AUDIENCE: TEST_AUDIENCE,
      JWKS_URL: `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks`,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '200',
      ...env,
    };
    await this.boot();
  }

  private async boot(): Promise<void> {
    this.app = await startInProcess({ env: this.env, boot: () => this.bootApp() });
  }

  /**
   * Stops the service like a deployment does and starts it again: nothing may be lost.
   * `whileDown` runs between the two (events that arrive while the service is away).
   */
  async restart(whileDown?: () => Promise<void>): Promise<void> {
    await this.app.close();
    await whileDown?.();
    await this.boot();
  }

  /**
   * The same service as its own OS process (the production entry point) beside the in-process one,
   * on the same database and topics: for what needs a real process — its memory, or killing it.
   */
  spawn(env: Record<string, string> = {}): Promise<RunningApp> {
    return startApp(this.service, { ...this.env, ...env });
  }

  get url(): string {
    return this.app.url;
  }

  async close(): Promise<void> {
    await this.app?.close();
    await new Promise((r) => this.jwks?.close(r));
    await this.db?.drop();
  }

  token(subject: string, roles: string[]): Promise<string> {
    return new SignJWT({ roles, client_id: `client-${subject}` })
      .setProtectedHeader({ alg: 'ES256', kid: `${this.service}-test`, typ: 'at+jwt' })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.key.privateKey);
  }

  /** A participant: its id and a token. */
  async participant(): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    return { id, token: await this.token(id, ['participant']) };
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: {
      token?: string;
      body?: unknown;
      raw?: string | Buffer;
      headers?: Record<string, string>;
      /** Another instance of the service (a spawned process) instead of the in-process one. */
      baseUrl?: string;
    } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${opts.baseUrl ?? this.url}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
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
   * Publishes a dataset the way the catalog does (created + published on catalog.dataset.v1) and
   * waits until the service's replica holds it. Schema: district, hour, people, note (plus the
   * subject field when asked); key district + hour; time field hour — or the `record` schema given.
   */
  async publishDataset(
    providerId: string,
    opts: {
      subjectField?: string;
      record?: {
        properties: Record<string, unknown>;
        required: string[];
        primaryKey: string[];
        timeField?: string;
      };
    } = {},
  ): Promise<string> {
    const datasetId = randomUUID();
    const dataset = {
      ...exampleDataset,
      datasetId,
      providerId,
      status: 'draft' as const,
      version: 1,
    };
    const custom = opts.record;
    const schemaVersion = custom
      ? {
          schema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: custom.properties,
            required: custom.required,
          },
          primaryKey: custom.primaryKey,
          ...(custom.timeField ? { timeField: custom.timeField } : {}),
          version: 1,
          announcedAt: new Date(0).toISOString(),
          effectiveAt: new Date(0).toISOString(),
        }
      : {
          ...exampleRecordSchemaVersion,
          schema: {
            ...exampleRecordSchemaVersion.schema,
            properties: {
              ...(exampleRecordSchemaVersion.schema.properties as object),
              note: { type: 'string' },
              ...(opts.subjectField ? { [opts.subjectField]: { type: 'string' } } : {}),
            },
          },
          ...(opts.subjectField ? { subjectField: opts.subjectField } : {}),
          announcedAt: new Date(0).toISOString(),
          effectiveAt: new Date(0).toISOString(),
        };
    const actor = { subject: providerId, role: 'participant' as const };
    const events = [
      createEnvelope({
        time: new Date(),
        type: DatasetCreatedV1.type,
        version: 1,
        source: 'catalog',
        subject: datasetId,
        data: { dataset, actor, schemaVersion },
      }),
      createEnvelope({
        time: new Date(),
        type: DatasetPublishedV1.type,
        version: 1,
        source: 'catalog',
        subject: datasetId,
        data: { dataset: { ...dataset, status: 'published' as const, version: 2 }, actor },
      }),
    ];
    await produceRaw(
      `${this.prefix}${Topics.catalogDataset}`,
      events.map((e) => ({
        key: datasetId,
        value: JSON.stringify(e),
        headers: { ce_id: e.id, ce_type: e.type },
      })),
    );
    await waitFor(async () => (await this.sql(this.datasetProbe, [datasetId])).length, {
      what: `dataset ${datasetId} in the ${this.service} replica`,
    });
    return datasetId;
  }

  /**
   * Publishes an event the way its producer would (envelope, key, headers) and returns its id. The
   * same `id` twice is a redelivery.
   */
  async publish<T extends object>(
    topic: string,
    def: EventDefinition<string, T>,
    key: string,
    data: T,
    id?: string,
  ): Promise<string> {
    const e = createEnvelope({
      time: new Date(),
      type: def.type,
      version: def.version,
      source: 'test',
      subject: key,
      data,
    });
    const envelope = id ? { ...e, id } : e;
    await produceRaw(`${this.prefix}${topic}`, [
      {
        key,
        value: JSON.stringify(envelope),
        headers: { [Header.ceId]: envelope.id, [Header.ceType]: envelope.type },
      },
    ]);
    return envelope.id;
  }

  /** The events of one key as they are on the broker, once this service's outbox has published them. */
  async publishedEvents(key: string, topic: string): Promise<EventEnvelope[]> {
    await waitFor(
      async () =>
        (
          await this.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${this.service}".outbox WHERE message_key = $1 AND published_at IS NULL`,
            [key],
          )
        )[0].n,
      { until: (n) => n === 0, what: `outbox rows of ${key} published` },
    );
    return (await readTopic(`${this.prefix}${topic}`))
      .filter((r) => r.key === key)
      .map((r) => JSON.parse(r.value) as EventEnvelope);
  }
}
