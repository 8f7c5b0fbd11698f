import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort, repoRoot, testInfra, waitFor } from '@dx/testing';

/*
 * The private PostgreSQL cluster that tools/local-infra starts on machines without a server:
 * initdb with the machine's binaries, roles and schemas from init.sql, stop by the recorded pid.
 * (Kafka is the suite's shared broker, which the script finds answering and leaves alone.)
 */
let home: string;
let env: NodeJS.ProcessEnv;
let clusterDir: string | undefined;

function infra(cmd: string): string {
  return execFileSync('bash', [join(repoRoot, 'tools/local-infra/infra.sh'), cmd], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dx-infra-'));
  chmodSync(home, 0o755);
  const [, kafkaPort] = testInfra().kafkaBrokers[0].split(':');
  env = {
    ...process.env,
    DX_HOME: home,
    DX_PG_MODE: 'private',
    DX_PG_PORT: String(await freePort()),
    DX_KAFKA_PORT: kafkaPort,
  };
  delete env.DATABASE_URL;
});

afterAll(() => {
  try {
    infra('stop');
  } finally {
    rmSync(home, { recursive: true, force: true });
    // The cluster's data lives outside DX_HOME when running as root (reachable by `postgres`).
    if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
  }
});

describe('tools/local-infra private PostgreSQL', () => {
  it('starts a private cluster with every service role and schema, and stops it by its pid', async () => {
    infra('start');
    const settings = Object.fromEntries(
      readFileSync(join(home, 'run/infra.env'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const admin = new URL(settings.DX_PG_ADMIN_URL);
    expect(admin.port).toBe(env.DX_PG_PORT);
    expect(infra('status')).toMatch(/postgres: up \(.*private cluster, ours\)/);

    admin.pathname = '/dx';
    const schemas = await query<{ nspname: string; owner: string }>(
      admin.toString(),
      `SELECT n.nspname, r.rolname AS owner FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
       WHERE n.nspname IN ('catalog','consent','integration','trust','insights') ORDER BY 1`,
    );
    expect(schemas).toEqual(
      ['catalog', 'consent', 'insights', 'integration', 'trust'].map((s) => ({
        nspname: s,
        owner: `dx_${s}`,
      })),
    );

    const pid = readFileSync(join(home, 'run/postgres.pid'), 'utf8').trim();
    clusterDir = dirname(readFileSync(join(home, 'run/postgres.data'), 'utf8').trim());
    infra('stop');
    // pg_ctl returns once the pid file is gone; the process itself exits a moment later.
    const alive = () => {
      try {
        process.kill(Number(pid), 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), { what: 'postmaster exit', timeoutMs: 10_000 });
    await expect(query(admin.toString(), 'SELECT 1')).rejects.toThrow();
  });
});
