import { AppError } from './errors';

/**
 * SQLSTATE classes and codes that say the database, not the request or the record, failed:
 * 08 connection exceptions, 57P01–57P03 the server shutting down or not yet accepting connections,
 * 53 insufficient resources (too many connections, disk full), 40001/40P01 serialization failures
 * and deadlocks (the same work succeeds when retried), 55P03 a lock timeout, 25P03 the server
 * ending a transaction the process left idle too long (a pause, not the work). Source: PostgreSQL
 * manual, Appendix A "PostgreSQL Error Codes" (docs/operations.md cites it).
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]$|40001$|40P01$|55P03$|25P03$|58)/;

/** Node's socket errors: the peer is away or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** Messages of node-postgres and its pool that carry no code. */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * TypeORM's: the connection under a transaction broke and TypeORM released it, so the rest of
 * the transaction's queries fail with this instead of the driver's error (seen when a backend
 * was terminated mid-request).
 */
const TYPEORM_CONNECTION_LOST = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);

/** kafkajs error classes that mean the cluster, not the record, is at fault. */
const KAFKA_INFRASTRUCTURE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
]);

/**
 * Why an error is an infrastructure fault (database or broker away, overloaded or restarting), or
 * undefined when it is not. Such faults are nobody's input's fault: HTTP answers 503 with
 * Retry-After (the client retries), consumers retry without limit and never dead-letter a record
 * for them; only faults of the record itself count towards dead-lettering.
 */
export function infrastructureFaultOf(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  if (error instanceof AppError) return error.kind === 'unavailable' ? error.code : undefined;
  const e = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
    originalError?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE.test(code)) return `database ${code}`;
  if (NETWORK_CODES.has(code)) return `network ${code}`;
  const name = typeof e.name === 'string' ? e.name : '';
  if (TYPEORM_CONNECTION_LOST.has(name) || TYPEORM_CONNECTION_LOST.has(error.constructor?.name))
    return 'database connection';
  if (KAFKA_INFRASTRUCTURE.has(name)) return `kafka ${name}`;
  // A protocol error the broker marks retriable (leadership moving, coordinator loading, …).
  if (name.startsWith('KafkaJS') && (error as { retriable?: unknown }).retriable === true)
    return `kafka ${name}`;
  const message = typeof e.message === 'string' ? e.message : '';
  if (PG_CONNECTION_MESSAGE.test(message)) return 'database connection';
  // TypeORM wraps the driver's error; kafkajs and fetch chain causes.
  for (const inner of [e.driverError, e.originalError, e.cause]) {
    const found = infrastructureFaultOf(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}
