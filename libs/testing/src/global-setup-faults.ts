import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './infra';

/**
 * The fault tier starts its own broker and PostgreSQL cluster (it kills and restarts them); it
 * needs only the Kafka jars, fetched once from Maven Central like the local broker's.
 */
export default function globalSetup(): void {
  execFileSync('bash', [join(repoRoot, 'tools/local-infra/infra.sh'), 'kafka-libs'], {
    stdio: 'inherit',
  });
}
