/**
 * A relay or consumer in its own process that dies (process.exit) at a deterministic fault point,
 * for the "killed between two steps" tests. Settings come from the environment.
 *   MODE=relay      exit after Kafka acknowledged the batch, before the rows are marked published
 *   MODE=consumer   exit after the handler's transaction committed, before the offset commit
 */
import { ConsumerRunner, KafkaConnection, KafkaPublisher, OutboxRelay } from '../index';
import { fixtureLogger, openFixtureDataSource, TEST_SCHEMA } from './messaging-fixture';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const ds = await openFixtureDataSource(env.DB_URL);
  const connection = new KafkaConnection(
    { brokers: env.BROKERS.split(','), clientId: 'crash-worker', topicPrefix: env.PREFIX },
    fixtureLogger,
  );
  if (env.MODE === 'relay') {
    const relay = new OutboxRelay({
      dataSource: ds,
      schema: TEST_SCHEMA,
      publisher: new KafkaPublisher(connection),
      logger: fixtureLogger,
      hooks: { afterPublish: () => process.exit(86) },
    });
    await relay.runOnce();
    process.exit(1); // the hook must have fired
  }
  if (env.MODE === 'consumer') {
    const runner = new ConsumerRunner({
      app: 'mtest',
      group: env.GROUP,
      topics: [env.TOPIC],
      dataSource: ds,
      schema: TEST_SCHEMA,
      connection,
      logger: fixtureLogger,
      sessionTimeoutMs: 6000,
      handlers: {
        'catalog.participant.registered': async (e, em) => {
          await em.query(
            `INSERT INTO ${TEST_SCHEMA}.effects (event_id, aggregate, position) VALUES ($1, $2, $3)
             ON CONFLICT (event_id) DO UPDATE SET n = effects.n + 1`,
            [e.id, e.subject, 0],
          );
        },
      },
      hooks: { afterDbCommit: () => process.exit(86) },
    });
    await runner.start();
    return; // exits from the hook
  }
  throw new Error(`unknown MODE ${env.MODE}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
