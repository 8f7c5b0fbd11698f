/** Creates every topic of the contracts registry (dead-letter topics included). Idempotent. */
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';

async function main(): Promise<void> {
  const connection = new KafkaConnection(
    {
      brokers: (
        process.env.KAFKA_BROKERS ??
        process.env.DX_KAFKA_BROKERS ??
        '127.0.0.1:19092'
      ).split(','),
      clientId: 'dx-provision',
      topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
    },
    createLogger('provision'),
  );
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
