import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { createTestDatabase, repoRoot, tsProcess, type TestDatabase } from '@dx/testing';

/*
 * On Kubernetes every replica migrates in an init container before it serves, so several start
 * `migrate` at once against a fresh schema: they must take turns (an advisory lock) and all succeed,
 * with each migration applied once.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

/** Runs a script with the SWC register, as `npm run migrate` and `ts` in tools/dx.sh do. */
function run(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; out: string }> {
  const ts = tsProcess(script, env);
  return new Promise((resolve) => {
    const child = spawn(ts.command, [...ts.args, ...args], { cwd: repoRoot, env: ts.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const urlEnv = (app: string) => ({ [`${app.toUpperCase()}_DATABASE_URL`]: db.urlFor(app) });

/** A replica's init container: the service's own migrate entry point. */
const migrate = (app: string) => run(`apps/${app}/src/migrate.ts`, urlEnv(app));

it('lets three replicas migrate the same schema at once: all succeed, each migration runs once', async () => {
  const runs = await Promise.all([migrate('consent'), migrate('consent'), migrate('consent')]);
  expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
  // One of them applied everything, the others found the schema up to date.
  expect(runs.filter((r) => r.out.includes('up to date'))).toHaveLength(2);
  const c = new Client({ connectionString: db.adminUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string; n: number }>(
      `SELECT name, count(*)::int AS n FROM consent.consent_migrations GROUP BY name`,
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  } finally {
    await c.end();
  }
});

it('npm run migrate runs each named service through its entry point, and refuses an unknown name', async () => {
  const both = await run('tools/cli/migrate.ts', { ...urlEnv('catalog'), ...urlEnv('trust') }, [
    'catalog',
    'trust',
  ]);
  expect(both.code).toBe(0);
  expect(both.out).toMatch(/\[migrate\] catalog: /);
  expect(both.out).toMatch(/\[migrate\] trust: /);
  const c = new Client({ connectionString: db.adminUrl });
  await c.connect();
  try {
    for (const app of ['catalog', 'trust']) {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${app}.${app}_migrations`,
      );
      expect(rows[0].n).toBeGreaterThan(0);
    }
  } finally {
    await c.end();
  }
  const unknown = await run('tools/cli/migrate.ts', {}, ['catalog', 'billing']);
  expect(unknown.code).toBe(1);
  expect(unknown.out).toContain('unknown app(s): billing');
});
