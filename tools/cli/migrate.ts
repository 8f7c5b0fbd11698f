/**
 * Runs each service's migrations through the service's own entry point, one service after the
 * other: `npm run migrate [-- app…]`. URL per app: <APP>_DATABASE_URL, else built from
 * DX_PG_ADMIN_URL and DX_DATABASE. Works from the TypeScript sources (SWC register) and from the
 * compiled output alike: the child runs with this process's Node flags and environment.
 */
import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';
import { APPS } from './apps';

/** apps/<app>/src/migrate.ts beside the sources, or dist/apps/<app>/src/migrate.js when compiled. */
const entryOf = (app: string): string =>
  join(__dirname, '..', '..', 'apps', app, 'src', `migrate${extname(__filename)}`);

function migrate(app: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, entryOf(app)], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${app}: migrations exited with ${signal ?? `code ${code}`}`)),
    );
  });
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !APPS.some((a) => a.name === w));
  if (unknown.length) throw new Error(`unknown app(s): ${unknown.join(', ')}`);
  for (const app of APPS.filter((a) => wanted.length === 0 || wanted.includes(a.name)))
    await migrate(app.name);
}

main().catch((err) => {
  console.error('[migrate] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
