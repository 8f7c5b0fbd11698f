import {
  Controller,
  type DynamicModule,
  Get,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { DataSource, type MixedList } from 'typeorm';
import {
  backoffMs,
  ConsumerRunner,
  delay,
  KafkaConnection,
  KafkaPublisher,
  purgeRetained,
  resolveKafkaSecurity,
  type KafkaSecurityProtocol,
  type KafkaSaslMechanism,
  OutboxRelay,
  OutboxWriter,
  type EventGroupHandler,
  type EventHandler,
  type RawRecordHandler,
} from '@dx/messaging';
import { createLogger, pinoOptions, serveMetrics, type Logger } from '@dx/observability';
import { AppError, platformClock } from '@dx/contracts';
import { createServiceDataSource } from '@dx/persistence';
import { AuthGuard, JwtTokenVerifier, Public, TOKEN_VERIFIER, type TokenVerifier } from './auth';
import type { BaseServiceConfig } from './config';
import { DemoClockController, TimeDrivenWork } from './demo-clock';
import { IdempotencyStore } from './idempotency';
import { IntervalTask } from './interval-task';
import { ParticipantSuspensions, SUSPENSION_REFRESH_MS, SuspensionsConsumer } from './suspensions';

/** A Kafka consumer an app runs: one group, its topics, handlers by event type. */
export interface ConsumerDefinition {
  readonly group: string;
  readonly topics: string[];
  /** Handlers by event type (event topics). */
  handlers?(): Record<string, EventHandler>;
  /** For topics of raw records (not events): each record as it is. */
  rawHandler?(): RawRecordHandler;
  /** Records per transaction on busy topics (see ConsumerRunnerOptions.recordsPerTransaction). */
  readonly recordsPerTransaction?: number;
  /** A set-based handler for those groups (see ConsumerRunnerOptions.groupHandler). */
  groupHandler?(): EventGroupHandler;
}

export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');

export interface PlatformOptions {
  /** The app; also its schema and role suffix. */
  service: string;
  config: BaseServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  /** Consumer classes (providers of the app module) that implement {@link ConsumerDefinition}. */
  consumers?: Type<ConsumerDefinition>[];
  /** Overrides the JWKS-based verifier (the issuer verifies with its own key store). */
  tokenVerifier?: Provider;
  /** Providers the token verifier needs; registered and exported by this module. */
  authProviders?: Provider[];
}

/** Starts the outbox relay and consumers after boot; stops them (and Kafka, the pool) on shutdown. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private retention?: IntervalTask;
  private runners: ConsumerRunner[] = [];
  private starting: Promise<void>[] = [];
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject('DX_CONSUMERS') private readonly consumerTypes: Type<ConsumerDefinition>[],
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema: this.service,
      publisher: new KafkaPublisher(this.kafka),
      logger: this.logger.child({ component: 'outbox-relay' }),
      listenUrl: this.config.DATABASE_URL,
      pollIntervalMs: this.config.OUTBOX_POLL_MS,
    });
    await this.relay.start();
    // Inbox rows and idempotency keys do not grow without bound (README, "Retention").
    this.retention = new IntervalTask(
      'messaging retention',
      this.config.MESSAGING_RETENTION_INTERVAL_MS,
      async () => {
        const purged = await purgeRetained(this.dataSource, this.service, {
          inboxDays: this.config.INBOX_RETENTION_DAYS,
          idempotencyKeyHours: this.config.IDEMPOTENCY_KEY_RETENTION_HOURS,
        });
        if (purged.inbox || purged.idempotencyKeys)
          this.logger.info({ purged }, 'purged retained messaging rows');
      },
      this.logger.child({ component: 'retention' }),
    );
    this.retention.start();
    const definitions: ConsumerDefinition[] = [
      ...this.consumerTypes.map((type) => this.moduleRef.get(type, { strict: false })),
      // Every service learns suspensions itself, so it can refuse a suspended participant's tokens.
      new SuspensionsConsumer(this.service, this.service),
    ];
    for (const def of definitions) {
      const runner = new ConsumerRunner({
        app: this.service,
        group: def.group,
        topics: def.topics,
        handlers: def.handlers?.() ?? {},
        ...(def.rawHandler ? { rawHandler: def.rawHandler() } : {}),
        dataSource: this.dataSource,
        schema: this.service,
        connection: this.kafka,
        logger: this.logger.child({ component: 'consumer', group: def.group }),
        maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
        sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
        ...(def.recordsPerTransaction ? { recordsPerTransaction: def.recordsPerTransaction } : {}),
        ...(def.groupHandler ? { groupHandler: def.groupHandler() } : {}),
      });
      this.runners.push(runner);
      // Not awaited: with Kafka down the app still serves, reports not-ready and keeps trying.
      this.starting.push(this.startWithRetry(runner, def.group));
    }
  }

  private async startWithRetry(runner: ConsumerRunner, group: string): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await runner.start();
        return;
      } catch (err) {
        const wait = backoffMs(attempt, 500, 30_000);
        this.logger.warn(
          { err, group, attempt, retryInMs: wait },
          'consumer could not start; retrying',
        );
        await delay(wait, this.abort.signal);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Stop taking work, finish the batch in hand, commit, then close connections.
    this.stopping = true;
    this.abort.abort();
    await Promise.allSettled(this.starting);
    await Promise.allSettled(this.runners.map((r) => r.stop()));
    await this.retention?.stop();
    await this.relay?.stop();
    await this.kafka.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, rej) =>
      setTimeout(() => rej(new Error(`${what} did not answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
}

@ApiExcludeController()
@Controller()
class OperationsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
  ) {}

  /** The process is alive (no dependency checks: a restart would not fix them). */
  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to serve: its database and Kafka answer. */
  @Public()
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const check = (key: string, probe: () => Promise<unknown>) => async () => {
      const i = this.indicators.check(key);
      try {
        await withTimeout(probe(), 2000, key);
        return i.up();
      } catch (err) {
        return i.down({ message: (err as Error).message });
      }
    };
    try {
      const result = await this.health.check([
        check('database', () => this.dataSource.query('SELECT 1')),
        check('kafka', () => this.kafka.ping()),
      ]);
      res.status(200).json(result);
    } catch (err) {
      res
        .status(503)
        .json((err as { getResponse?: () => unknown }).getResponse?.() ?? { status: 'error' });
    }
  }

  @Public()
  @Get('metrics')
  metrics(@Req() req: Request, @Res() res: Response): void {
    // With a management port, metrics are served there only (the Ingress never exposes them).
    if (this.config.MANAGEMENT_PORT > 0)
      throw new AppError('not_found', 'HTTP.ROUTE_NOT_FOUND', 'metrics are on the management port');
    serveMetrics(req, res);
  }
}

/**
 * What every service shares: its DataSource (own schema), Kafka connection, outbox writer and relay,
 * consumers, idempotency store, deny-by-default auth, health, metrics and JSON logs.
 */
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const { config, service } = opts;
    const logger = createLogger(service);
    const demoClock = config.DEMO_CLOCK === 'true';
    if (demoClock) {
      // A settable clock would let whoever holds an operator token rewrite when facts happened.
      if (process.env.NODE_ENV === 'production')
        throw new Error('invalid configuration:\n  DEMO_CLOCK: must not be true in production');
      platformClock.allowSetting();
      logger.warn('DEMO_CLOCK is on: an operator may set business time (PUT /admin/clock)');
    }
    const providers: Provider[] = [
      { provide: SERVICE_NAME, useValue: service },
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: PLATFORM_LOGGER, useValue: logger },
      { provide: 'DX_CONSUMERS', useValue: opts.consumers ?? [] },
      {
        provide: DataSource,
        useFactory: () =>
          createServiceDataSource({
            service,
            url: config.DATABASE_URL,
            entities: opts.entities,
            migrations: [],
          }).initialize(),
      },
      {
        provide: KafkaConnection,
        useFactory: async () => {
          const connection = new KafkaConnection(
            {
              brokers: config.KAFKA_BROKERS.split(','),
              clientId: `dx-${service}`,
              topicPrefix: config.KAFKA_TOPIC_PREFIX,
              security: resolveKafkaSecurity({
                protocol: config.KAFKA_SECURITY_PROTOCOL as KafkaSecurityProtocol,
                caFile: config.KAFKA_SSL_CA_FILE,
                certFile: config.KAFKA_SSL_CERT_FILE,
                keyFile: config.KAFKA_SSL_KEY_FILE,
                saslMechanism: config.KAFKA_SASL_MECHANISM as KafkaSaslMechanism,
                username: config.KAFKA_SASL_USERNAME,
                password: config.KAFKA_SASL_PASSWORD,
                passwordFile: config.KAFKA_SASL_PASSWORD_FILE,
              }),
            },
            logger.child({ component: 'kafka' }),
          );
          // Wrong credentials or an untrusted broker stop the boot here, naming the setting; a
          // broker that does not answer is an outage the service rides out (not ready, retrying).
          if (!(await connection.verify()))
            logger.warn({ brokers: config.KAFKA_BROKERS }, 'Kafka does not answer yet; starting');
          return connection;
        },
      },
      { provide: OutboxWriter, useValue: new OutboxWriter(service) },
      {
        provide: IdempotencyStore,
        useFactory: (ds: DataSource) => new IdempotencyStore(ds, service),
        inject: [DataSource],
      },
      opts.tokenVerifier ?? {
        provide: TOKEN_VERIFIER,
        useFactory: (): TokenVerifier =>
          JwtTokenVerifier.fromJwksUrl(config.JWKS_URL, config.JWT_ISSUER, config.JWT_AUDIENCE),
      },
      { provide: 'DX_SERVICE_SCHEMA', useValue: service },
      { provide: SUSPENSION_REFRESH_MS, useValue: config.SUSPENSION_REFRESH_MS },
      { provide: 'DX_SUSPENSIONS_LOGGER', useValue: logger.child({ component: 'suspensions' }) },
      ParticipantSuspensions,
      { provide: APP_GUARD, useClass: AuthGuard },
      MessagingLifecycle,
      TimeDrivenWork,
      { provide: 'DX_CLOCK_LOGGER', useValue: logger.child({ component: 'demo-clock' }) },
      ...(opts.authProviders ?? []),
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TerminusModule,
        LoggerModule.forRoot({
          pinoHttp: {
            ...pinoOptions(service),
            level: config.LOG_LEVEL,
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            customProps: () => ({}),
          },
        }),
      ],
      controllers: demoClock ? [OperationsController, DemoClockController] : [OperationsController],
      providers,
      exports: [
        ...((opts.authProviders ?? []) as Array<Type<unknown>>),
        SERVICE_NAME,
        SERVICE_CONFIG,
        PLATFORM_LOGGER,
        DataSource,
        KafkaConnection,
        OutboxWriter,
        IdempotencyStore,
        TOKEN_VERIFIER,
        TimeDrivenWork,
        ParticipantSuspensions,
      ],
    };
  }
}
