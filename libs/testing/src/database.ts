import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { serviceDatabaseUrl, withDatabase } from '@dx/persistence';
import { repoRoot, testInfra } from './infra';
import { uniqueSuffix } from './names';
import { tsProcess } from './ts-process';

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
 * Creates `dx_test_<random>` with the same init SQL as every environment (roles and schemas).
 * Migrations run through {@link runMigrationCommand}, the command production uses, so there is
 * one way to migrate. Tests never touch demo data.
 */
export async function createTestDatabase(
  /** Another server than the tiers' shared one (the fault tier's private cluster). */
  pgAdminUrl: string = testInfra().pgAdminUrl,
): Promise<TestDatabase> {
  const name = `dx_test_${uniqueSuffix()}`;
  await adminQuery(pgAdminUrl, `CREATE DATABASE "${name}"`);
  const adminUrl = withDatabase(pgAdminUrl, name);
  await adminQuery(
    adminUrl,
    readFileSync(join(repoRoot, 'tools/local-infra/postgres/init.sql'), 'utf8'),
  );
  return {
    name,
    adminUrl,
    urlFor: (service: string) => serviceDatabaseUrl(pgAdminUrl, service, name),
    drop: () => adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Runs the services' migrations with their real entry points (`apps/<app>/src/migrate.ts`, what
 * `npm run migrate` and the Kubernetes init containers run), against a test database.
 */
export function runMigrationCommand(db: TestDatabase, apps: string[]): void {
  for (const app of apps) {
    const ts = tsProcess(`apps/${app}/src/migrate.ts`, {
      [`${app.toUpperCase()}_DATABASE_URL`]: db.urlFor(app),
    });
    execFileSync(ts.command, ts.args, { cwd: repoRoot, env: ts.env, stdio: 'pipe' });
  }
}
