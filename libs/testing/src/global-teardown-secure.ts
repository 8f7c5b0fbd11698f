import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, stopLocalInfra } from './infra';

/** Stops only what the secured tier's global setup started. */
export default function globalTeardownSecure(): void {
  const g = globalThis as Record<string, unknown>;
  if (g.__dxStartedSecureKafka)
    execFileSync('bash', [join(repoRoot, 'tools/local-infra/infra.sh'), 'secure-kafka', 'stop'], {
      stdio: 'inherit',
    });
  if (g.__dxStartedLocal) stopLocalInfra();
}
