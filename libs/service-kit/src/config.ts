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
  /** PostgreSQL URL of this service's own role. */
  @IsString() @MinLength(1) DATABASE_URL!: string;
  /** Comma-separated `host:port` list. */
  @IsString() @MinLength(1) KAFKA_BROKERS: string = '127.0.0.1:19092';
  /** Prefix for topics and groups (isolates test runs on a shared cluster). */
  @IsOptional() @IsString() KAFKA_TOPIC_PREFIX: string = '';
  /** Expected `iss` of access tokens. */
  @IsString() JWT_ISSUER: string = 'http://127.0.0.1:3001';
  /** Expected `aud` of access tokens. */
  @IsString() JWT_AUDIENCE: string = 'dx-platform';
  /** Where the token issuer publishes its keys. */
  @IsUrl({ require_tld: false, require_protocol: true }) JWKS_URL: string =
    'http://127.0.0.1:3001/.well-known/jwks.json';
  /** Largest JSON body accepted (bytes). */
  @Type(() => Number) @IsInt() @Min(1024) BODY_LIMIT_BYTES: number = 1_048_576;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  /** Outbox relay fallback poll (ms); NOTIFY wakes it sooner. */
  @Type(() => Number) @IsInt() @Min(50) OUTBOX_POLL_MS: number = 1000;
  /** Attempts before a failing event is dead-lettered. */
  @Type(() => Number) @IsInt() @Min(1) CONSUMER_MAX_ATTEMPTS: number = 5;
  /** Kafka consumer session timeout (ms). */
  @Type(() => Number) @IsInt() @Min(6000) KAFKA_SESSION_TIMEOUT_MS: number = 30_000;
  /**
   * `true` lets an operator set business time (`PUT /admin/clock`) so a demo can play months in
   * minutes. Refused at boot when NODE_ENV is `production`.
   */
  @IsIn(['true', 'false']) DEMO_CLOCK: string = 'false';
}
