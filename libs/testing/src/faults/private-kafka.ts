import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot } from '../infra';
import { freePort } from '../processes';
import { uniqueSuffix } from '../names';
import { waitFor } from '../wait-for';

const home = () => process.env.DX_HOME ?? join(repoRoot, '.local');
const libs = () => join(home(), 'kafka/libs/*');

/**
 * A Kafka broker of the fault tier's own (single-node KRaft, the same jars and template as the
 * local broker), on ports of its own, so a test can kill it by pid and start it again on the same
 * data without touching the broker the other tiers share.
 */
export class PrivateKafka {
  private child?: ChildProcess;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /**
   * `port`: where it listens (free by default). `advertisedPort`: where it tells clients to connect
   * (a {@link TcpProxy} in front of it, so a test can interfere with the traffic of every client).
   */
  static async create(
    opts: { port?: number; advertisedPort?: number } = {},
  ): Promise<PrivateKafka> {
    const dir = join(home(), 'faults', `kafka-${uniqueSuffix()}`);
    const port = opts.port ?? (await freePort());
    const ctrl = await freePort();
    mkdirSync(join(dir, 'data'), { recursive: true });
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const template = readFileSync(
      join(repoRoot, 'tools/local-infra/kafka/server.properties.template'),
      'utf8',
    );
    writeFileSync(
      join(dir, 'server.properties'),
      template
        .replace(
          /^advertised\.listeners=PLAINTEXT:\/\/127\.0\.0\.1:@PORT@/m,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${opts.advertisedPort ?? port}`,
        )
        .replaceAll('@PORT@', String(port))
        .replaceAll('@CTRL@', String(ctrl))
        .replaceAll('@DATA@', join(dir, 'data')),
    );
    const clusterId = execFileSync(
      'java',
      ['-cp', libs(), 'kafka.tools.StorageTool', 'random-uuid'],
      {
        encoding: 'utf8',
      },
    ).trim();
    execFileSync(
      'java',
      [
        '-cp',
        libs(),
        'kafka.tools.StorageTool',
        'format',
        '--standalone',
        '-t',
        clusterId,
        '-c',
        join(dir, 'server.properties'),
      ],
      { stdio: 'pipe' },
    );
    const k = new PrivateKafka(dir, port);
    await k.start();
    return k;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the broker (again, on the same data) and waits until it answers metadata requests. */
  async start(): Promise<void> {
    const child = spawn(
      'java',
      [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(repoRoot, 'tools/local-infra/kafka/log4j2.properties')}`,
        `-Dkafka.logs.dir=${join(this.dir, 'logs')}`,
        '-cp',
        libs(),
        'kafka.Kafka',
        join(this.dir, 'server.properties'),
      ],
      { stdio: 'ignore', detached: false },
    );
    this.child = child;
    const admin = new Kafka({
      clientId: 'faults-probe',
      brokers: [this.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the private broker exited (${child.exitCode})`);
        try {
          await admin.connect();
          await admin.describeCluster();
          return true;
        } catch {
          return false;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      },
      { timeoutMs: 90_000, intervalMs: 250, what: `private Kafka on ${this.port}` },
    );
  }

  /** Kills the broker by pid (SIGKILL: a crash; SIGTERM: a controlled shutdown) and waits. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
