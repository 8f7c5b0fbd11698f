import type { MixedList } from 'typeorm';
import { createServiceDataSource } from './data-source.factory';
import { serviceDatabaseUrl } from './database-url';

/**
 * Runs one service's migrations as that service's role, one at a time per schema: replicas that
 * start together (an init container each) take turns on an advisory lock, and the second finds the
 * schema up to date instead of racing the first through the same DDL. Returns the migrations run.
 */
export async function runServiceMigrations(opts: {
  service: string;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}): Promise<string[]> {
  const ds = createServiceDataSource({
    service: opts.service,
    url: opts.url,
    migrations: opts.migrations,
    // One connection holds the lock, the other runs the migrations.
    poolSize: 2,
  });
  await ds.initialize();
  const lock = ds.createQueryRunner();
  const key = `dx-migrate-${opts.service}`;
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [key]);
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }
}

/**
 * The body of a service's `migrate` entry point (apps/<app>/src/migrate.ts): the URL from
 * `<APP>_DATABASE_URL`, else built for the service's role from `DX_PG_ADMIN_URL` and `DX_DATABASE`
 * (the local infrastructure's); prints what ran and exits 1 on failure.
 */
export function migrateServiceMain(
  service: string,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>,
): void {
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url =
    process.env[`${service.toUpperCase()}_DATABASE_URL`] ??
    serviceDatabaseUrl(admin, service, process.env.DX_DATABASE ?? 'dx');
  runServiceMigrations({ service, url, migrations }).then(
    (ran) => console.log(`[migrate] ${service}: ${ran.length ? ran.join(', ') : 'up to date'}`),
    (err: unknown) => {
      console.error(`[migrate] ${service} failed:`, err);
      process.exit(1);
    },
  );
}
