import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './infra';
import { tsProcess } from './ts-process';
import { waitFor } from './wait-for';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface RunningApp {
  name: string;
  url: string;
  output: () => string;
  /** Process id (benchmarks read its memory from /proc). */
  pid: number;
  /** Resolves when the process ends, however it ends (a test may make it kill itself). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process has ended already. */
  exitedNow(): boolean;
  /** SIGTERM, then waits for the exit; resolves with the exit code and how long it took. */
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** Starts an app as its own process (as `npm start` does) and waits until it answers healthy. */
export async function startApp(
  name: string,
  env: Record<string, string>,
  /**
   * compiled: run dist/ (the image entry point); until: which health endpoint must answer 200;
   * mayDie: a process armed to die (a fault point) may do so before it is ready — returned exited.
   */
  opts: { compiled?: boolean; until?: 'ready' | 'live'; mayDie?: boolean } = {},
): Promise<RunningApp> {
  const port = env.PORT ?? String(await freePort());
  let output = '';
  const appEnv = {
    LOG_LEVEL: 'warn',
    ...env,
    PORT: port,
    DX_SERVICE: name,
    OTEL_SERVICE_NAME: name,
  };
  // compiled: the image's entry point (dist/ from `npm run build`, aliases via tsconfig.runtime.json).
  const ts = opts.compiled
    ? {
        command: process.execPath,
        args: ['-r', 'tsconfig-paths/register', join(repoRoot, `dist/apps/${name}/src/main.js`)],
        env: {
          ...process.env,
          TS_NODE_PROJECT: join(repoRoot, 'tsconfig.runtime.json'),
          ...appEnv,
        },
      }
    : tsProcess(`apps/${name}/src/main.ts`, appEnv);
  const child: ChildProcess = spawn(ts.command, ts.args, {
    cwd: repoRoot,
    env: ts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  await waitFor(
    async () => {
      const dead = child.exitCode !== null || child.signalCode !== null;
      if (dead && opts.mayDie) return true;
      if (dead)
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      const res = await fetch(`${url}/health/${opts.until ?? 'ready'}`).catch(() => undefined);
      return res?.status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `${name} ready` },
  ).catch((err) => {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${output}`);
  });
  return {
    name,
    url,
    output: () => output,
    pid: child.pid!,
    exited,
    exitedNow: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code } = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
