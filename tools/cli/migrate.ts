/**
 * Runs each service's migrations as that service's role: `npm run migrate [-- app…]`.
 * URL per app: <APP>_DATABASE_URL, else built from DX_PG_ADMIN_URL and DX_DATABASE.
 */
import { createServiceDataSource, serviceDatabaseUrl } from '@dx/persistence';
import { APPS } from './apps';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = process.env.DX_DATABASE ?? 'dx';
  for (const app of APPS.filter((a) => wanted.length === 0 || wanted.includes(a.name))) {
    const url =
      process.env[`${app.name.toUpperCase()}_DATABASE_URL`] ??
      serviceDatabaseUrl(admin, app.name, database);
    const ds = createServiceDataSource({
      service: app.name,
      url,
      migrations: [...app.migrations],
      // One connection holds the lock, the other runs the migrations.
      poolSize: 2,
    });
    await ds.initialize();
    const lock = ds.createQueryRunner();
    await lock.connect();
    try {
      // Replicas that start together (an init container each) take turns: the second finds the
      // schema up to date instead of racing the first through the same DDL.
      await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [`dx-migrate-${app.name}`]);
      const ran = await ds.runMigrations({ transaction: 'each' });
      console.log(
        `[migrate] ${app.name}: ${ran.length ? ran.map((m) => m.name).join(', ') : 'up to date'}`,
      );
    } finally {
      await lock
        .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`dx-migrate-${app.name}`])
        .catch(() => undefined);
      await lock.release();
      await ds.destroy();
    }
  }
}

main().catch((err) => {
  console.error('[migrate] failed:', err);
  process.exit(1);
});
