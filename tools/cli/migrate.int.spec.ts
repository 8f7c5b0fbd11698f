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

function migrate(app: string): Promise<{ code: number | null; out: string }> {
  const ts = tsProcess('tools/cli/migrate.ts', {
    [`${app.toUpperCase()}_DATABASE_URL`]: db.urlFor(app),
  });
  return new Promise((resolve) => {
    const child = spawn(ts.command, [...ts.args, app], { cwd: repoRoot, env: ts.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

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
