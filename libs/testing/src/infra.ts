import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

/** Connection settings of the real infrastructure the tests run against. */
export interface TestInfra {
  kind: 'local' | 'testcontainers';
  kafkaBrokers: string[];
  pgAdminUrl: string;
  /** Set in the secured tier: the broker speaks SASL_SSL and every principal has a password file. */
  kafkaSecurity?: { caFile: string; credentialsDir: string };
}

export const repoRoot = resolve(__dirname, '../../..');
const runDir = () => join(process.env.DX_HOME ?? join(repoRoot, '.local'), 'run');

/** Reads what global setup published in the environment. */
export function testInfra(): TestInfra {
  const brokers = process.env.DX_KAFKA_BROKERS;
  const pg = process.env.DX_PG_ADMIN_URL;
  if (!brokers || !pg) {
    throw new Error(
      'test infrastructure not set up: run through jest (global setup) or `npm test`',
    );
  }
  return {
    kind: process.env.DX_TEST_INFRA_KIND === 'testcontainers' ? 'testcontainers' : 'local',
    kafkaBrokers: brokers.split(','),
    pgAdminUrl: pg,
    ...(process.env.DX_KAFKA_SECURITY_PROTOCOL === 'sasl_ssl'
      ? {
          kafkaSecurity: {
            caFile: process.env.DX_KAFKA_SSL_CA_FILE ?? '',
            credentialsDir: process.env.DX_KAFKA_CREDENTIALS_DIR ?? '',
          },
        }
      : {}),
  };
}

/** True when a Docker engine answers on its socket (then Testcontainers can be used). */
export async function dockerAnswers(): Promise<boolean> {
  const socket = process.env.DOCKER_HOST?.startsWith('unix://')
    ? process.env.DOCKER_HOST.slice('unix://'.length)
    : '/var/run/docker.sock';
  if (!existsSync(socket)) return false;
  return new Promise((res) => {
    const s = connect(socket);
    const t = setTimeout(() => (s.destroy(), res(false)), 1000);
    s.on('connect', () => {
      s.write('GET /_ping HTTP/1.0\r\n\r\n');
    });
    s.on('data', (d) => {
      clearTimeout(t);
      s.destroy();
      res(d.toString().includes('200 OK'));
    });
    s.on('error', () => (clearTimeout(t), res(false)));
  });
}

/** Starts (or reuses) the local processes of tools/local-infra and returns their settings. */
export function startLocalInfra(): { started: boolean; env: Record<string, string> } {
  const envFile = join(runDir(), 'infra.env');
  const already = existsSync(envFile);
  if (!already) {
    execFileSync('bash', [join(repoRoot, 'tools/local-infra/infra.sh'), 'start'], {
      stdio: 'inherit',
    });
  }
  const env: Record<string, string> = {};
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  return { started: !already, env };
}

export function stopLocalInfra(): void {
  execFileSync('bash', [join(repoRoot, 'tools/local-infra/infra.sh'), 'stop'], {
    stdio: 'inherit',
  });
}
