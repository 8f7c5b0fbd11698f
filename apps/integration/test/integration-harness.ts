import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  allTopicSpecs,
  createEnvelope,
  DatasetCreatedV1,
  DatasetPublishedV1,
  exampleDataset,
  exampleRecordSchemaVersion,
  Topics,
  type EventEnvelope,
} from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import { configureApp, type Role } from '@dx/service-kit';
import {
  createTestDatabase,
  produceRaw,
  readTopic,
  runMigrationCommand,
  startInProcess,
  testInfra,
  uniquePrefix,
  waitFor,
  type InProcessApp,
  type TestDatabase,
} from '@dx/testing';

type SigningKey = Parameters<SignJWT['sign']>[0];
const ISSUER = 'http://catalog.test';
const AUDIENCE = 'dx-platform';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The integration service in the test process with a fresh migrated database and the real broker. Tokens are signed by a key this harness publishes as the JWKS (the catalog's token
 * issuing is tested in the catalog); datasets reach the replica as real catalog events on Kafka.
 */
export class IntegrationHarness {
  app!: InProcessApp;
  db!: TestDatabase;
  prefix!: string;
  private jwks!: Server;
  private key!: { privateKey: SigningKey; jwk: JWK };

  static async start(env: Record<string, string> = {}): Promise<IntegrationHarness> {
    const h = new IntegrationHarness();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    h.key = {
      privateKey,
      jwk: { ...(await exportJWK(publicKey)), kid: 'integration-test', alg: 'ES256', use: 'sig' },
    };
    h.jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [h.key.jwk] }));
    });
    await new Promise<void>((r) => h.jwks.listen(0, '127.0.0.1', r));
    const jwksPort = (h.jwks.address() as { port: number }).port;
    h.db = await createTestDatabase();
    runMigrationCommand(h.db, ['integration']);
    h.prefix = uniquePrefix();
    const connection = new KafkaConnection(
      { brokers: testInfra().kafkaBrokers, clientId: 'integration-test', topicPrefix: h.prefix },
      createLogger('integration-test'),
    );
    await provisionTopics(connection, allTopicSpecs());
    await connection.close();
    h.env = {
      DATABASE_URL: h.db.urlFor('integration'),
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: h.prefix,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '200',
      SCHEDULER_INTERVAL_MS: '200',
      ...env,
    };
    await h.boot();
    return h;
  }

  private env: Record<string, string> = {};

  /** Boots (or boots again, after {@link restart}) the service on the same database and topics. */
  private async boot(): Promise<void> {
    this.app = await startInProcess({
      env: this.env,
      boot: async () => {
        const { AppModule, STREAMED_BODY_ROUTES } = await import('../src/app.module');
        const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
        const app = moduleRef.createNestApplication<NestExpressApplication>({
          bodyParser: false,
          bufferLogs: true,
        });
        configureApp(app, {
          service: 'integration',
          description: 'integration (test)',
          streamedBodyRoutes: STREAMED_BODY_ROUTES,
        });
        return app;
      },
    });
  }

  /** Stops the service like a deployment does and starts it again: nothing may be lost. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.boot();
  }

  get url(): string {
    return this.app.url;
  }

  async close(): Promise<void> {
    await this.app?.close();
    await new Promise((r) => this.jwks?.close(r));
    await this.db?.drop();
  }

  async token(subject: string, roles: Role[]): Promise<string> {
    return new SignJWT({ roles, client_id: `client-${subject}` })
      .setProtectedHeader({ alg: 'ES256', kid: 'integration-test', typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
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
    } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.url}${path}`, {
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
   * waits until the integration replica holds it. Schema: district, hour, people, note; key district+hour.
   */
  async publishDataset(providerId: string, opts: { subjectField?: string } = {}): Promise<string> {
    const datasetId = randomUUID();
    const dataset = {
      ...exampleDataset,
      datasetId,
      providerId,
      status: 'draft' as const,
      version: 1,
    };
    const schemaVersion = {
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
    const events = [
      createEnvelope({
        type: DatasetCreatedV1.type,
        version: 1,
        source: 'catalog',
        subject: datasetId,
        data: {
          dataset,
          actor: { subject: providerId, role: 'participant' as const },
          schemaVersion,
        },
      }),
      createEnvelope({
        type: DatasetPublishedV1.type,
        version: 1,
        source: 'catalog',
        subject: datasetId,
        data: {
          dataset: { ...dataset, status: 'published' as const, version: 2 },
          actor: { subject: providerId, role: 'participant' as const },
        },
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
    await waitFor(
      async () =>
        (
          await this.sql(`SELECT 1 FROM integration.dataset_schemas WHERE dataset_id = $1`, [
            datasetId,
          ])
        ).length,
      { what: `dataset ${datasetId} in the integration replica` },
    );
    return datasetId;
  }

  /** The events of one key as they are on the broker, once the outbox has published them. */
  async publishedEvents(
    key: string,
    topic: string = Topics.integrationDelivery,
  ): Promise<EventEnvelope[]> {
    await waitFor(
      async () =>
        (
          await this.sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM integration.outbox WHERE message_key = $1 AND published_at IS NULL`,
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
