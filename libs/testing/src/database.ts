import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createServiceDataSource, serviceDatabaseUrl, withDatabase } from '@dx/persistence';
import { repoRoot, testInfra } from './infra';
import { uniqueSuffix } from './names';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Migrations = Function[];

/** A throwaway database with the platform's roles and schemas, migrated like production. */
export interface TestDatabase {
  name: string;
  /** Superuser URL of this database (for assertions that look across schemas). */
  adminUrl: string;
  /** The service role's URL of this database. */
  urlFor(service: string): string;
  drop(): Promise<void>;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Creates `dx_test_<random>`, applies the same init SQL as every environment (roles and schemas),
 * and runs the given services' migrations as those services' roles. Tests never touch demo data.
 */
export async function createTestDatabase(
  migrations: Record<string, Migrations> = {},
): Promise<TestDatabase> {
  const { pgAdminUrl } = testInfra();
  const name = `dx_test_${uniqueSuffix()}`;
  await adminQuery(pgAdminUrl, `CREATE DATABASE "${name}"`);
  const adminUrl = withDatabase(pgAdminUrl, name);
  await adminQuery(
    adminUrl,
    readFileSync(join(repoRoot, 'tools/local-infra/postgres/init.sql'), 'utf8'),
  );
  const urlFor = (service: string) => serviceDatabaseUrl(pgAdminUrl, service, name);
  for (const [service, list] of Object.entries(migrations)) {
    const ds = createServiceDataSource({
      service,
      url: urlFor(service),
      entities: [],
      migrations: list,
      poolSize: 1,
    });
    await ds.initialize();
    try {
      await ds.runMigrations();
    } finally {
      await ds.destroy();
    }
  }
  return {
    name,
    adminUrl,
    urlFor,
    drop: () => adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Runs the services' migrations with the real migration command (`tools/cli/migrate.ts`, the step
 * `npm run migrate` runs), against a test database.
 */
export function runMigrationCommand(db: TestDatabase, apps: string[]): void {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json'),
  };
  for (const app of apps) env[`${app.toUpperCase()}_DATABASE_URL`] = db.urlFor(app);
  execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(repoRoot, 'tools/cli/migrate.ts'), ...apps],
    { cwd: repoRoot, env, stdio: 'pipe' },
  );
}

/** A DataSource for a service role on a test database (caller destroys it). */
export async function openDataSource(
  db: TestDatabase,
  service: string,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[] = [],
): Promise<DataSource> {
  const ds = createServiceDataSource({
    service,
    url: db.urlFor(service),
    entities,
    migrations: [],
    poolSize: 5,
  });
  return ds.initialize();
}
