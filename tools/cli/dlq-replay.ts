/**
 * Replays a dead-letter topic to the topics its records came from:
 *   npm run dlq:replay -- <dead-letter topic> [--dry-run]
 * e.g. npm run dlq:replay -- catalog.participant.v1.dlq.trust
 */
import { KafkaConnection, replayDeadLetters } from '@dx/messaging';
import { createLogger } from '@dx/observability';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topic = args.find((a) => !a.startsWith('--'));
  if (!topic || !/\.dlq\.[a-z-]+$/.test(topic)) {
    console.error('usage: npm run dlq:replay -- <topic>.dlq.<app> [--dry-run]');
    process.exit(2);
  }
  const logger = createLogger('dlq-replay');
  const connection = new KafkaConnection(
    {
      brokers: (
        process.env.KAFKA_BROKERS ??
        process.env.DX_KAFKA_BROKERS ??
        '127.0.0.1:19092'
      ).split(','),
      clientId: 'dx-dlq-replay',
      topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
    },
    logger,
  );
  try {
    const report = await replayDeadLetters({
      connection,
      deadLetterTopic: topic,
      logger,
      dryRun: args.includes('--dry-run'),
    });
    console.log(
      `[dlq] ${args.includes('--dry-run') ? 'would replay' : 'replayed'} ${report.replayed}: ${JSON.stringify(report.byTopic)}`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error('[dlq] failed:', err);
  process.exit(1);
});
