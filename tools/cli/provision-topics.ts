/** Creates every topic of the contracts registry (dead-letter topics included). Idempotent. */
import { provisionTopics, operatorKafkaConnection } from '@dx/messaging';
import { createLogger } from '@dx/observability';

async function main(): Promise<void> {
  const connection = await operatorKafkaConnection('dx-provision', createLogger('provision'));
  try {
    const r = await provisionTopics(connection);
    console.log(
      `[topics] created: ${r.created.join(', ') || 'none'}; existing: ${r.existing.length}; grown: ${r.grown.join(', ') || 'none'}`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error('[topics] failed:', err);
  process.exit(1);
});
