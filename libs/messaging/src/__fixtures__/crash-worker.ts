/**
 * A relay or consumer in its own process that dies (process.exit) at a deterministic fault point,
 * for the "killed between two steps" tests. Settings come from the environment.
 *   MODE=relay      exit after Kafka acknowledged the batch, before the rows are marked published
 *   MODE=consumer   exit after the handler's transaction committed, before the offset commit
 *   MODE=poison     a record whose sector is `poison` kills the process (exit 87) each time it is
 *                   handled; exit 0 once the record whose sector is `last` is applied
 */
import type { EventEnvelope } from '@dx/contracts';
import { ConsumerRunner, KafkaConnection, KafkaPublisher, OutboxRelay } from '../index';
import { fixtureLogger, openFixtureDataSource, TEST_SCHEMA } from './messaging-fixture';

type RunnerOptions = ConstructorParameters<typeof ConsumerRunner>[0];

/** A consumer of the test topic whose participant events write an effect row (see effects). */
function consumer(
  env: Record<string, string>,
  ds: RunnerOptions['dataSource'],
  connection: KafkaConnection,
  extra: Pick<RunnerOptions, 'hooks' | 'maxCrashes'> & {
    before?: (e: EventEnvelope) => void;
  },
): ConsumerRunner {
  return new ConsumerRunner({
    app: 'mtest',
    group: env.GROUP,
    topics: [env.TOPIC],
    dataSource: ds,
    schema: TEST_SCHEMA,
    connection,
    logger: fixtureLogger,
    sessionTimeoutMs: 6000,
    ...(extra.maxCrashes ? { maxCrashes: extra.maxCrashes } : {}),
    handlers: {
      'catalog.participant.registered': async (e, em) => {
        extra.before?.(e);
        await em.query(
          `INSERT INTO ${TEST_SCHEMA}.effects (event_id, aggregate, position) VALUES ($1, $2, $3)
           ON CONFLICT (event_id) DO UPDATE SET n = effects.n + 1`,
          [e.id, e.subject, 0],
        );
      },
    },
    hooks: extra.hooks,
  });
}

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
    await consumer(env, ds, connection, {
      hooks: { afterDbCommit: () => process.exit(86) },
    }).start();
    return; // exits from the hook
  }
  if (env.MODE === 'poison') {
    const sector = (e: EventEnvelope) => (e.data as { sector: string }).sector;
    await consumer(env, ds, connection, {
      maxCrashes: Number(env.MAX_CRASHES),
      // e.g. a parser bug that brings the process down on one record
      before: (e) => sector(e) === 'poison' && process.exit(87),
      hooks: { afterDbCommit: (e) => (sector(e) === 'last' ? process.exit(0) : undefined) },
    }).start();
    return;
  }
  throw new Error(`unknown MODE ${env.MODE}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
