/**
 * Replays a dead-letter topic to the topics its records came from:
 *   npm run dlq:replay -- <dead-letter topic> [--dry-run] [--include-parked]
 * e.g. npm run dlq:replay -- catalog.participant.v1.dlq.trust
 */
import { replayDeadLetters, operatorKafkaConnection } from '@dx/messaging';
import { createLogger } from '@dx/observability';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topic = args.find((a) => !a.startsWith('--'));
  if (!topic || !/\.dlq\.[a-z-]+$/.test(topic)) {
    console.error('usage: npm run dlq:replay -- <topic>.dlq.<app> [--dry-run] [--include-parked]');
    process.exit(2);
  }
  const logger = createLogger('dlq-replay');
  const connection = await operatorKafkaConnection('dx-dlq-replay', logger);
  try {
    const report = await replayDeadLetters({
      connection,
      deadLetterTopic: topic,
      logger,
      dryRun: args.includes('--dry-run'),
      includeParked: args.includes('--include-parked'),
    });
    console.log(
      `[dlq] ${args.includes('--dry-run') ? 'would replay' : 'replayed'} ${report.replayed}: ${JSON.stringify(report.byTopic)}` +
        (report.parked
          ? `; ${report.parked} parked (failed again after a replay; see the log, --include-parked replays them)`
          : ''),
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error('[dlq] failed:', err);
  process.exit(1);
});
