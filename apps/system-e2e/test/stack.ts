import { DxClient } from '@dx/client';
import { randomBytes } from 'node:crypto';
import {
  PlatformClient,
  planAlmaty,
  runDemo,
  SERVICES,
  type DemoRun,
  type Plan,
  type Service,
} from '@dx/demo';
import { allTopicSpecs, kafkaPrincipalOf, kafkaPrincipals } from '@dx/contracts';
import { applyKafkaAcls, KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import {
  createTestDatabase,
  freePort,
  kafkaClientEnv,
  kafkaTestSecurity,
  runMigrationCommand,
  startApp,
  testInfra,
  uniquePrefix,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

export type ServiceName = Service;

export interface Stack<S extends ServiceName = ServiceName> {
  apps: Record<S, RunningApp>;
  db: TestDatabase;
  /** The catalog's operator secret (random per stack). */
  operatorSecret: string;
  /** Topic and group prefix of this stack. */
  prefix: string;
  stop(): Promise<void>;
}

/**
 * The services as separate processes, as `npm start` runs them, on a fresh database and
 * topic prefix: migrations per schema, every topic, the catalog first-class as token issuer.
 * `env` goes to every service, `perService` to one.
 */
export async function startStack<S extends ServiceName>(
  services: readonly S[],
  env: Record<string, string> = {},
  perService: Partial<Record<S, Record<string, string>>> = {},
): Promise<Stack<S>> {
  const db = await createTestDatabase();
  runMigrationCommand(db, [...services]);
  const prefix = uniquePrefix();
  const connection = new KafkaConnection(
    {
      brokers: testInfra().kafkaBrokers,
      clientId: 'e2e',
      topicPrefix: prefix,
      security: kafkaTestSecurity('dx-operator'),
    },
    createLogger('e2e'),
  );
  await provisionTopics(connection, allTopicSpecs());
  await connection.close();
  if (testInfra().kafkaSecurity) {
    // The secured broker denies by default: this run's prefixed names get the generated ACLs.
    const admin = new KafkaConnection(
      {
        brokers: testInfra().kafkaBrokers,
        clientId: 'e2e-acls',
        security: kafkaTestSecurity('dx-admin'),
      },
      createLogger('e2e'),
    );
    await applyKafkaAcls(admin, kafkaPrincipals(prefix));
    await admin.close();
  }
  const operatorSecret = randomBytes(24).toString('base64url');
  const catalogPort = await freePort();
  const issuer = `http://127.0.0.1:${catalogPort}`;
  const common = {
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    JWT_ISSUER: issuer,
    JWKS_URL: `${issuer}/.well-known/jwks.json`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...env,
  };
  const started = await Promise.all(
    services.map((s) =>
      startApp(s, {
        ...common,
        DATABASE_URL: db.urlFor(s),
        ...kafkaClientEnv(kafkaPrincipalOf(s)),
        ...(s === 'catalog'
          ? { PORT: String(catalogPort), OPERATOR_CLIENT_SECRET: operatorSecret }
          : {}),
        ...(perService[s] ?? {}),
      }),
    ),
  );
  const apps = Object.fromEntries(services.map((s, i) => [s, started[i]])) as Record<S, RunningApp>;
  return {
    apps,
    db,
    operatorSecret,
    prefix,
    stop: async () => {
      await Promise.allSettled(started.map((a) => a.stop()));
      await db.drop();
    },
  };
}

/**
 * The published typed client (@dx/client) as the operator of a stack. A service the stack does not
 * run gets an address nothing listens on, so a call to it fails at once instead of reaching
 * another stack.
 */
export function operatorClient<S extends ServiceName>(stack: Stack<S>): DxClient {
  const apps = stack.apps as Partial<Record<Service, RunningApp>>;
  return new DxClient({
    baseUrls: Object.fromEntries(
      SERVICES.map((s) => [s, apps[s]?.url ?? 'http://127.0.0.1:9']),
    ) as Record<Service, string>,
    credentials: { clientId: 'platform-operator', clientSecret: stack.operatorSecret },
  });
}

/** A REST client of the demo library for a stack of all five services, as the operator. */
export function platformClientFor(stack: Stack<Service>): PlatformClient {
  return new PlatformClient(
    Object.fromEntries(SERVICES.map((s) => [s, stack.apps[s].url])) as Record<Service, string>,
    { clientId: 'platform-operator', clientSecret: stack.operatorSecret },
  );
}

/**
 * The five services as `npm start` runs them (demo clock on), with the Almaty demo shortened to
 * `months` and played through their REST APIs.
 */
export async function startDemoStack(
  months: number,
): Promise<{ stack: Stack<Service>; api: PlatformClient; plan: Plan; run: DemoRun }> {
  const stack = await startStack(SERVICES, { OUTBOX_POLL_MS: '200', DEMO_CLOCK: 'true' });
  const api = platformClientFor(stack);
  const plan = planAlmaty({ months, end: new Date() });
  const run = await runDemo(api, plan);
  return { stack, api, plan, run };
}
