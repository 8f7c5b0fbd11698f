import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startLocalInfra } from './infra';

const infraSh = join(repoRoot, 'tools/local-infra/infra.sh');
const runDir = () => join(process.env.DX_HOME ?? join(repoRoot, '.local'), 'run');

/**
 * The secured tier (`*.secure.spec.ts`): the local PostgreSQL and the secured Kafka broker of
 * tools/local-infra (TLS + SASL/SCRAM-SHA-512, ACLs deny by default), started when no outer run
 * (npm test) did. Its settings reach the tests as DX_KAFKA_* (testInfra().kafkaSecurity).
 */
export default function globalSetupSecure(): void {
  const g = globalThis as Record<string, unknown>;
  if (!process.env.DX_PG_ADMIN_URL) {
    const { started, env } = startLocalInfra();
    g.__dxStartedLocal = started;
    process.env.DX_PG_ADMIN_URL = env.DX_PG_ADMIN_URL;
  }
  if (process.env.DX_KAFKA_SECURITY_PROTOCOL !== 'sasl_ssl') {
    const status = execFileSync('bash', [infraSh, 'status'], { encoding: 'utf8' });
    if (!/kafka-secure: up/.test(status)) {
      execFileSync('bash', [infraSh, 'secure-kafka', 'start'], { stdio: 'inherit' });
      g.__dxStartedSecureKafka = true;
    }
    for (const line of readFileSync(join(runDir(), 'kafka-secure.env'), 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) process.env[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  console.log(`[tests] secured Kafka ${process.env.DX_KAFKA_BROKERS} (SASL_SSL, ACLs)`);
}
