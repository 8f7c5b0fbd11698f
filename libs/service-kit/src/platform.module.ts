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
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
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
  parseFaultPoints,
  type EventGroupHandler,
  type EventHandler,
  type RawRecordHandler,
  withTimeout,
} from '@dx/messaging';
import { createLogger, pinoOptions, serveMetrics, type Logger } from '@dx/observability';
import { AppError } from '@dx/contracts';
import { createServiceDataSource } from '@dx/persistence';
import { AuthGuard, JwtTokenVerifier, Public, TOKEN_VERIFIER, type TokenVerifier } from './auth';
import type { BaseServiceConfig } from './config';
import { DemoClockController, TimeDrivenWork } from './demo-clock';
import { IdempotencyStore } from './idempotency';
import { IntervalTask } from './interval-task';
import { ParticipantSuspensions, SUSPENSION_REFRESH_MS, SuspensionsConsumer } from './suspensions';
import { DependencyMonitor, ServiceLifecycle } from './lifecycle';
import { PLATFORM_LOGGER, SERVICE_CONFIG, SERVICE_NAME } from './tokens';
import { OutboxAdminController } from './outbox-admin';
import { BusinessClock, CLOCK } from './business-clock';

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

export { PLATFORM_LOGGER, SERVICE_CONFIG, SERVICE_NAME } from './tokens';

export interface PlatformOptions {
  /** The app; also its schema and role suffix. */
  service: string;
  config: BaseServiceConfig;
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
      leaseMs: this.config.OUTBOX_LEASE_MS,
      maxAttempts: this.config.OUTBOX_MAX_ATTEMPTS,
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
        // kafkajs gave up on it (e.g. an ACL refusal): start it again with backoff, so fixing the
        // cause resumes consumption without a restart (readiness details show it meanwhile).
        onStopped: () => {
          if (!this.stopping) this.starting.push(this.startWithRetry(runner, def.group, true));
        },
      });
      this.runners.push(runner);
      // Not awaited: with Kafka down the app still serves, reports not-ready and keeps trying.
      this.starting.push(this.startWithRetry(runner, def.group));
    }
  }

  /** Per consumer group, whether it consumes: a stopped one degrades the service, visibly. */
  consumerDetails(): { status: 'up' | 'degraded'; groups: Record<string, string> } {
    const groups = Object.fromEntries(this.runners.map((r) => [r.group, r.state]));
    const degraded = this.runners.some((r) => r.state !== 'running');
    return { status: degraded ? 'degraded' : 'up', groups };
  }

  private async startWithRetry(
    runner: ConsumerRunner,
    group: string,
    afterCrash = false,
  ): Promise<void> {
    for (let attempt = afterCrash ? 2 : 1; !this.stopping; attempt++) {
      if (attempt > 1 || afterCrash) {
        const wait = backoffMs(attempt, 500, 30_000);
        await delay(wait, this.abort.signal);
        if (this.stopping) return;
      }
      try {
        await runner.start();
        return;
      } catch (err) {
        this.logger.warn({ err, group, attempt }, 'consumer could not start; retrying');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Stop taking work, finish the batch in hand, commit, leave the groups, then close
    // connections. Each step is bounded, so a broker that does not answer cannot hold the exit
    // past the grace period (what a bounded step leaves undone is redelivered or re-leased).
    this.stopping = true;
    this.abort.abort();
    const bounded = (what: string, p: Promise<unknown>, ms: number) =>
      withTimeout(p, ms, what).catch((err: unknown) =>
        this.logger.warn({ err }, `${what}: gave up waiting during shutdown`),
      );
    await bounded('consumers starting', Promise.allSettled(this.starting), 2000);
    await Promise.all([
      bounded(
        'consumers leaving their groups',
        Promise.allSettled(this.runners.map((r) => r.stop())),
        10_000,
      ),
      bounded('retention pass', this.retention?.stop() ?? Promise.resolve(), 5000),
      this.relay?.stop(5000),
    ]);
    await bounded('Kafka connections closing', this.kafka.close(), 3000);
    if (this.dataSource.isInitialized)
      await bounded('database pool closing', this.dataSource.destroy(), 3000);
  }
}

// Probes and load balancers find health at a fixed place, outside the API's versions.
@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
class OperationsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly lifecycle: ServiceLifecycle,
    private readonly dependencies: DependencyMonitor,
    private readonly messaging: MessagingLifecycle,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
  ) {}

  /** The process is alive (no dependency checks: a restart would not fix them). */
  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to serve: not shutting down, and its database answers. Kafka being away does not make a
   * replica unable to serve (writes wait in the outbox, reads come from the database), so it is
   * reported as degraded in the details (and by `dx_dependency_up`), never as not-ready: otherwise
   * one broker hiccup would take every pod out of its Service at once.
   */
  @Public()
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    if (this.lifecycle.draining) {
      res.status(503).json({
        status: 'error',
        info: {},
        error: { shutdown: { status: 'down', message: 'draining: the process is stopping' } },
        details: {
          shutdown: {
            status: 'down',
            message: 'draining: the process is stopping',
            since: this.lifecycle.since?.toISOString(),
          },
        },
      });
      return;
    }
    const database = async () => {
      const i = this.indicators.check('database');
      try {
        await withTimeout(
          this.dataSource.query('SELECT 1'),
          this.config.DEPENDENCY_PROBE_TIMEOUT_MS,
          'database',
        );
        return i.up();
      } catch (err) {
        return i.down({ message: (err as Error).message });
      }
    };
    const kafka = this.dependencies.kafkaDetails();
    const consumers = this.messaging.consumerDetails();
    const degraded = [
      ...(kafka.status === 'degraded' ? ['kafka'] : []),
      ...(consumers.status === 'degraded' ? ['consumers'] : []),
    ];
    const extra = { kafka, consumers };
    try {
      const result = await this.health.check([database]);
      res.status(200).json({
        ...result,
        details: { ...result.details, ...extra },
        ...(degraded.length ? { degraded } : {}),
      });
    } catch (err) {
      const body = ((err as { getResponse?: () => Record<string, unknown> }).getResponse?.() ?? {
        status: 'error',
      }) as { details?: Record<string, unknown> };
      res.status(503).json({ ...body, details: { ...body.details, ...extra } });
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
    if (config.DX_FAULT_POINTS) {
      if (process.env.NODE_ENV === 'production')
        throw new Error('invalid configuration:\n  DX_FAULT_POINTS: must not be set in production');
      parseFaultPoints(config.DX_FAULT_POINTS); // names the bad entry at boot
      logger.warn({ faultPoints: config.DX_FAULT_POINTS }, 'test fault points are armed');
    }
    const demoClock = config.DEMO_CLOCK === 'true';
    if (demoClock) {
      // A settable clock would let whoever holds an operator token rewrite when facts happened.
      if (process.env.NODE_ENV === 'production')
        throw new Error('invalid configuration:\n  DEMO_CLOCK: must not be true in production');
      logger.warn('DEMO_CLOCK is on: an operator may set business time (PUT /admin/clock)');
    }
    const providers: Provider[] = [
      // The app's one business clock (settable only on a demo stack), injected wherever time is read.
      { provide: CLOCK, useValue: new BusinessClock(demoClock) },
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
            migrations: [],
            idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
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
      ServiceLifecycle,
      DependencyMonitor,
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
      controllers: [
        OperationsController,
        OutboxAdminController,
        ...(demoClock ? [DemoClockController] : []),
      ],
      providers,
      exports: [
        ...((opts.authProviders ?? []) as Array<Type<unknown>>),
        CLOCK,
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
        ServiceLifecycle,
        DependencyMonitor,
      ],
    };
  }
}
