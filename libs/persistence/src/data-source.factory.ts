import {
  DataSource,
  DefaultNamingStrategy,
  type MixedList,
  type NamingStrategyInterface,
} from 'typeorm';

/** snake_case columns and readable constraint names (`pk_<table>`, `uq_<table>_<cols>`). */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(
    propertyName: string,
    customName: string | undefined,
    prefixes: string[],
  ): string {
    const name = customName ?? propertyName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    return prefixes.length ? `${prefixes.join('_')}_${name}` : name;
  }
  override primaryKeyName(tableOrName: string | { name: string }): string {
    return `pk_${tableName(tableOrName)}`;
  }
  override uniqueConstraintName(tableOrName: string | { name: string }, columns: string[]): string {
    return `uq_${tableName(tableOrName)}_${columns.join('_')}`;
  }
  override indexName(tableOrName: string | { name: string }, columns: string[]): string {
    return `ix_${tableName(tableOrName)}_${columns.join('_')}`;
  }
}

function tableName(t: string | { name: string }): string {
  const n = typeof t === 'string' ? t : t.name;
  return n.includes('.') ? n.split('.').pop()! : n;
}

export interface ServiceDataSourceOptions {
  /** The owning service; also its schema name and migrations table prefix. */
  service: string;
  /** Connection URL for the service's own role. */
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Pool size; two cores serve a handful of connections best. */
  poolSize?: number;
  /**
   * The server ends a session idle inside a transaction this long (ms), so a frozen process cannot
   * hold rows and locks; 0 or absent leaves the server's setting.
   */
  idleInTransactionTimeoutMs?: number;
}

/**
 * One DataSource per service: its own schema, its own migrations table, never `synchronize`
 * (migrations run as their own step: `npm run migrate`).
 */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.service,
    // No ORM entities: SQL lives in adapters (docs/adr/2026-12-05-persistence.md).
    entities: [],
    migrations: opts.migrations,
    migrationsTableName: `${opts.service}_migrations`,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: `dx-${opts.service}`,
    extra: {
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // node-postgres sends it as a startup parameter: every session of the pool has it.
      ...(opts.idleInTransactionTimeoutMs
        ? { idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutMs }
        : {}),
    },
  });
}
