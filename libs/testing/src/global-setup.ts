import { dockerAnswers, startLocalInfra } from './infra';

/**
 * Real infrastructure for integration and e2e tiers: Testcontainers (PostgreSQL and Kafka modules)
 * when a Docker engine answers and DX_TEST_INFRA is not `local`; otherwise the local processes of
 * tools/local-infra (the default on the build machines). The same suites run on both.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DX_KAFKA_BROKERS && process.env.DX_PG_ADMIN_URL) return; // set by an outer run
  const choice = process.env.DX_TEST_INFRA ?? 'auto';
  const useContainers =
    choice === 'testcontainers' || (choice === 'auto' && (await dockerAnswers()));
  if (useContainers) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const [pg, kafka] = await Promise.all([
      new PostgreSqlContainer('postgres:15-alpine')
        .withUsername('postgres')
        .withPassword('postgres')
        .start(),
      new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    ]);
    (globalThis as Record<string, unknown>).__dxContainers = [pg, kafka];
    process.env.DX_PG_ADMIN_URL = pg.getConnectionUri();
    process.env.DX_KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    process.env.DX_TEST_INFRA_KIND = 'testcontainers';
    console.log(`[tests] infrastructure: Testcontainers (Docker engine answered)`);
    return;
  }
  const { started, env } = startLocalInfra();
  (globalThis as Record<string, unknown>).__dxStartedLocal = started;
  process.env.DX_PG_ADMIN_URL = env.DX_PG_ADMIN_URL;
  process.env.DX_KAFKA_BROKERS = env.DX_KAFKA_BROKERS;
  process.env.DX_TEST_INFRA_KIND = 'local';
  console.log(
    `[tests] infrastructure: local processes (Kafka ${env.DX_KAFKA_BROKERS}, PostgreSQL ${new URL(env.DX_PG_ADMIN_URL).host})`,
  );
}
