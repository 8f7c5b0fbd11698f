import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../processes';
import { uniqueSuffix } from '../names';
import { waitFor } from '../wait-for';

/** The PostgreSQL server binaries (Debian keeps them out of PATH). */
function pgBin(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base))
    for (const v of readdirSync(base).sort().reverse())
      if (existsSync(join(base, v, 'bin/pg_ctl'))) return join(base, v, 'bin');
  const found = execFileSync('sh', ['-c', 'command -v pg_ctl || true'], {
    encoding: 'utf8',
  }).trim();
  if (!found)
    throw new Error('the fault tier needs the PostgreSQL server binaries (pg_ctl, initdb)');
  return found.replace(/\/pg_ctl$/, '');
}

/**
 * A PostgreSQL cluster of the fault tier's own, so a test can stop it (immediate: a crash) and
 * start it again, or terminate its backends, without touching the server the other tiers share.
 * initdb and postgres refuse to run as root: as root, the cluster runs as the `postgres` user.
 */
export class PrivatePostgres {
  private readonly bin = pgBin();
  private readonly asPostgres = process.getuid?.() === 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = join('/var/tmp/dx-faults', `pg-${uniqueSuffix()}`);
    const pg = new PrivatePostgres(dir, await freePort());
    mkdirSync(dir, { recursive: true });
    if (pg.asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync('/var/tmp/dx-faults', uid, gid);
      chownSync(dir, uid, gid);
    }
    pg.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust']);
    await pg.start();
    return pg;
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    if (this.asPostgres)
      execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    else execFileSync(command, args, { stdio: 'pipe' });
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300`,
      'start',
    ]);
    await waitFor(() => this.answers(), { timeoutMs: 30_000, what: 'private PostgreSQL' });
  }

  /** `immediate`: every backend killed, no checkpoint (a crash); `fast`: a clean shutdown. */
  stop(mode: 'immediate' | 'fast' = 'immediate'): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  async answers(): Promise<boolean> {
    const c = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1000 });
    // Polled while the cluster stops and starts: a connection cut after the query emits 'error',
    // which must not crash the test process (the answer is false either way).
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Terminates every backend of the given roles (the services' connections), as an admin would. */
  async terminateBackends(roles: string[]): Promise<number> {
    const c = new Client({ connectionString: this.adminUrl });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE usename = ANY($1)`,
        [roles],
      );
      return r.rows[0].n as number;
    } finally {
      await c.end();
    }
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
