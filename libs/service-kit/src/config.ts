import 'reflect-metadata'; // decorators below read design-time types
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * Reads and validates settings from the environment at boot: a missing or invalid value stops the
 * process before it listens, naming every offending variable. Each app extends the base class.
 */
export function loadConfig<T extends object>(
  cls: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const instance = plainToInstance(
    cls,
    { ...env },
    { enableImplicitConversion: true, exposeDefaultValues: true },
  );
  const errors = validateSync(instance, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map(
      (e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return instance;
}

/** Settings every service has. Documented in each app's README. */
export class BaseServiceConfig {
  /** HTTP port. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT!: number;
  /**
   * Port of the management listener (`/metrics`, `/health/*`) that no Ingress exposes; 0 serves
   * `/metrics` on PORT instead (the local default).
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) MANAGEMENT_PORT: number = 0;
  /** PostgreSQL URL of this service's own role. */
  @IsString() @MinLength(1) DATABASE_URL!: string;
  /** Comma-separated `host:port` list. */
  @IsString() @MinLength(1) KAFKA_BROKERS: string = '127.0.0.1:19092';
  /** `plaintext` (local), `ssl` (TLS, mutual with a client certificate) or `sasl_ssl` (TLS + SASL). */
  @IsIn(['plaintext', 'ssl', 'sasl_ssl']) KAFKA_SECURITY_PROTOCOL: string = 'plaintext';
  /** PEM file of the CA that signed the brokers' certificates (default: the system's CAs). */
  @IsOptional() @IsString() KAFKA_SSL_CA_FILE?: string;
  /** PEM client certificate and key for mutual TLS (`ssl`). */
  @IsOptional() @IsString() KAFKA_SSL_CERT_FILE?: string;
  @IsOptional() @IsString() KAFKA_SSL_KEY_FILE?: string;
  @IsIn(['scram-sha-512', 'scram-sha-256', 'plain']) KAFKA_SASL_MECHANISM: string = 'scram-sha-512';
  /** The service's Kafka principal, e.g. `dx-catalog` (its ACLs come from libs/contracts). */
  @IsOptional() @IsString() KAFKA_SASL_USERNAME?: string;
  /** Its password, inline or (better) from a file such as a mounted Secret. */
  @IsOptional() @IsString() KAFKA_SASL_PASSWORD?: string;
  @IsOptional() @IsString() KAFKA_SASL_PASSWORD_FILE?: string;
  /** Prefix for topics and groups (isolates test runs on a shared cluster). */
  @IsOptional() @IsString() KAFKA_TOPIC_PREFIX: string = '';
  /** Expected `iss` of access tokens. */
  @IsString() JWT_ISSUER: string = 'http://127.0.0.1:3001';
  /** Expected `aud` of access tokens. */
  @IsString() JWT_AUDIENCE: string = 'dx-platform';
  /** Where the token issuer publishes its keys. */
  @IsUrl({ require_tld: false, require_protocol: true }) JWKS_URL: string =
    'http://127.0.0.1:3001/.well-known/jwks.json';
  /**
   * Proxies trusted to report the client address (X-Forwarded-For): `false`, a hop count (`1`
   * behind one ingress), or comma-separated addresses/CIDR ranges (`loopback`, `10.0.0.0/8`).
   */
  @IsString() TRUST_PROXY: string = 'loopback';
  /** Largest JSON body accepted (bytes). */
  @Type(() => Number) @IsInt() @Min(1024) BODY_LIMIT_BYTES: number = 1_048_576;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  /**
   * PostgreSQL ends a session that sits `idle in transaction` this long (ms), rolling back its
   * work and releasing its locks. Nothing in the platform waits inside a transaction (the relay
   * publishes outside its claim), so only a frozen or stuck process reaches it; without the limit
   * a paused pod would hold its rows until it resumed. 0 turns it off.
   */
  @Type(() => Number) @IsInt() @Min(0) DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 10_000;
  /** Outbox relay fallback poll (ms); NOTIFY wakes it sooner. */
  @Type(() => Number) @IsInt() @Min(50) OUTBOX_POLL_MS: number = 1000;
  /** How long an outbox claim holds its rows (ms); the publish is bounded to half of it. */
  @Type(() => Number) @IsInt() @Min(1000) OUTBOX_LEASE_MS: number = 30_000;
  /** Failures of a row's own before it is parked for an operator (outages do not count). */
  @Type(() => Number) @IsInt() @Min(1) OUTBOX_MAX_ATTEMPTS: number = 10;
  /** How often each replica rereads the suspended participants (ms); a suspension bites within it. */
  @Type(() => Number) @IsInt() @Min(100) SUSPENSION_REFRESH_MS: number = 1000;
  /** Inbox rows (consumed event ids) are kept this long; the inbox floor covers older ones. */
  @Type(() => Number) @IsInt() @Min(1) INBOX_RETENTION_DAYS: number = 30;
  /** Idempotency keys are kept this long: a retry with the same key after it is a new request. */
  @Type(() => Number) @IsInt() @Min(1) IDEMPOTENCY_KEY_RETENTION_HOURS: number = 72;
  /** How often the purge of retained messaging rows runs (ms). */
  @Type(() => Number) @IsInt() @Min(1000) MESSAGING_RETENTION_INTERVAL_MS: number = 3_600_000;
  /** Attempts before a failing event is dead-lettered. */
  @Type(() => Number) @IsInt() @Min(1) CONSUMER_MAX_ATTEMPTS: number = 5;
  /**
   * Deaths of the process while working on one record before that record is dead-lettered
   * without running its handler again (code CONSUMER.CRASH_LOOP), so the partition moves on.
   */
  @Type(() => Number) @IsInt() @Min(1) CONSUMER_MAX_CRASHES: number = 3;
  /** Kafka consumer session timeout (ms). */
  @Type(() => Number) @IsInt() @Min(6000) KAFKA_SESSION_TIMEOUT_MS: number = 30_000;
  /** How often Kafka is probed in the background (ms): readiness details, `dx_dependency_up`. */
  @Type(() => Number) @IsInt() @Min(100) DEPENDENCY_PROBE_MS: number = 5000;
  /** How long a readiness or dependency probe may take before it counts as down (ms). */
  @Type(() => Number) @IsInt() @Min(100) DEPENDENCY_PROBE_TIMEOUT_MS: number = 2000;
  /**
   * After SIGTERM the process has this long to drain (finish requests in flight, end streams, let
   * consumers commit and leave their groups, let the relay finish its batch) before it gives up
   * and exits 1 (ms). Below Kubernetes' 30 s terminationGracePeriodSeconds, which kills at once.
   */
  @Type(() => Number) @IsInt() @Min(1000) SHUTDOWN_GRACE_MS: number = 25_000;
  /**
   * After SIGTERM, keep serving (not ready, `Connection: close` on every answer) this long before
   * closing the listener (ms): endpoints controllers and ingresses take a few seconds to stop
   * sending new connections to a terminating pod. 0 locally; the k8s manifests set 5000.
   */
  @Type(() => Number) @IsInt() @Min(0) SHUTDOWN_DELAY_MS: number = 0;
  /**
   * Test-only fault points (`relay.after-publish:kill@3,…`, libs/messaging/src/fault-points.ts):
   * the fault tier makes the process kill itself at an exact step. Refused in production.
   */
  @IsOptional() @IsString() DX_FAULT_POINTS?: string;
  /**
   * `true` lets an operator set business time (`PUT /admin/clock`) so a demo can play months in
   * minutes. Refused at boot when NODE_ENV is `production`.
   */
  @IsIn(['true', 'false']) DEMO_CLOCK: string = 'false';
}
