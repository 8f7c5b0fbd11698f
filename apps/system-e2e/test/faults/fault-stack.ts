import { randomBytes } from 'node:crypto';
import { PlatformClient, SERVICES, type Service } from '@dx/demo';
import { allTopicSpecs } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import {
  createTestDatabase,
  PrivateKafka,
  PrivatePostgres,
  runMigrationCommand,
  startApp,
  uniquePrefix,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';
import { ServiceProxy } from './service-proxy';

export interface Replica {
  service: Service;
  /** `catalog-0`, `catalog-1`, … (a restarted replica keeps its name). */
  name: string;
  app: RunningApp;
  env: Record<string, string>;
}

/**
 * The database ends a replica's transaction left idle this long (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS):
 * a replica frozen mid-transaction holds its rows no longer than this, however long it is frozen.
 */
export const IDLE_IN_TRANSACTION_LIMIT_MS = 8000;

/**
 * The five services, each as `replicas` processes behind a {@link ServiceProxy}, on a Kafka broker
 * and a PostgreSQL cluster of this stack's own: the fault tier kills, freezes and restarts any of
 * them by pid without disturbing the other tiers.
 */
export class FaultStack {
  readonly replicas: Replica[] = [];
  /** Replicas replaced by a restart (their logs are kept for the report). */
  readonly retired: Replica[] = [];
  readonly proxies = {} as Record<Service, ServiceProxy>;
  operatorSecret = randomBytes(24).toString('base64url');
  prefix = uniquePrefix();
  kafka!: PrivateKafka;
  pg!: PrivatePostgres;
  db!: TestDatabase;
  private common: Record<string, string> = {};

  static async start(opts: {
    replicas: number;
    env?: Record<string, string>;
  }): Promise<FaultStack> {
    const s = new FaultStack();
    [s.kafka, s.pg] = await Promise.all([PrivateKafka.create(), PrivatePostgres.create()]);
    s.db = await createTestDatabase(s.pg.adminUrl);
    runMigrationCommand(s.db, [...SERVICES]);
    const connection = new KafkaConnection(
      { brokers: [s.kafka.brokers], clientId: 'faults', topicPrefix: s.prefix },
      createLogger('faults'),
    );
    await provisionTopics(connection, allTopicSpecs());
    await connection.close();
    for (const service of SERVICES) {
      const proxy = new ServiceProxy(() => s.urlsOf(service));
      await proxy.start();
      s.proxies[service] = proxy;
    }
    const catalog = s.proxies.catalog.url;
    s.common = {
      KAFKA_BROKERS: s.kafka.brokers,
      KAFKA_TOPIC_PREFIX: s.prefix,
      // The catalog Service, not one replica: tokens and keys survive any replica's death.
      JWT_ISSUER: catalog,
      JWKS_URL: `${catalog}/.well-known/jwks.json`,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: String(IDLE_IN_TRANSACTION_LIMIT_MS),
      OUTBOX_POLL_MS: '200',
      DEPENDENCY_PROBE_MS: '500',
      SHUTDOWN_DELAY_MS: '1000',
      DELIVERY_SETTLE_MS: '2000',
      OPERATOR_CLIENT_SECRET: s.operatorSecret,
      LOG_LEVEL: process.env.DX_FAULTS_LOG_LEVEL ?? 'warn',
      ...(opts.env ?? {}),
    };
    // The catalog first (it issues tokens and serves the keys), then the rest side by side.
    await s.startReplica('catalog', 0);
    await Promise.all([
      ...(opts.replicas > 1 ? [s.startReplica('catalog', 1)] : []),
      ...SERVICES.filter((x) => x !== 'catalog').flatMap((service) =>
        Array.from({ length: opts.replicas }, (_, i) => s.startReplica(service, i)),
      ),
    ]);
    return s;
  }

  /** Starts replica `index` of `service` (again, after a kill), with `extra` settings. */
  async startReplica(
    service: Service,
    index: number,
    extra: Record<string, string> = {},
  ): Promise<Replica> {
    const name = `${service}-${index}`;
    const env = { ...this.common, DATABASE_URL: this.db.urlFor(service), ...extra };
    // Armed with fault points, it may die at one before it is ready (work waiting at boot).
    const app = await startApp(service, env, { mayDie: Boolean(extra.DX_FAULT_POINTS) });
    const at = this.replicas.findIndex((r) => r.name === name);
    const replica = { service, name, app, env };
    if (at >= 0) {
      this.retired.push(this.replicas[at]);
      this.replicas[at] = replica;
    } else this.replicas.push(replica);
    return replica;
  }

  replica(name: string): Replica {
    const r = this.replicas.find((x) => x.name === name);
    if (!r) throw new Error(`no replica ${name}`);
    return r;
  }

  /** The addresses of a service's replicas whose process is still running. */
  urlsOf(service: Service): string[] {
    return this.replicas
      .filter((r) => r.service === service && isRunning(r.app))
      .map((r) => r.app.url);
  }

  /** Sends a signal to a replica's process (SIGKILL, SIGSTOP, SIGCONT, SIGTERM). */
  signal(name: string, signal: NodeJS.Signals): void {
    process.kill(this.replica(name).app.pid, signal);
  }

  /** A REST client that reaches every service through its Service address, as the operator. */
  client(): PlatformClient {
    return new PlatformClient(
      Object.fromEntries(SERVICES.map((s) => [s, this.proxies[s].url])) as Record<Service, string>,
      { clientId: 'platform-operator', clientSecret: this.operatorSecret },
    );
  }

  async stop(): Promise<void> {
    await Promise.allSettled(
      this.replicas.map(async (r) => {
        // A frozen process would never handle SIGTERM.
        if (isRunning(r.app)) process.kill(r.app.pid, 'SIGCONT');
        await r.app.stop();
      }),
    );
    await Promise.allSettled(Object.values(this.proxies).map((p) => p.stop()));
    await this.kafka?.destroy();
    this.pg?.destroy();
  }
}

function isRunning(app: RunningApp): boolean {
  try {
    process.kill(app.pid, 0);
    return !app.exitedNow();
  } catch {
    return false;
  }
}
