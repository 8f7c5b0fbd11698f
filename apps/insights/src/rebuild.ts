/**
 * An entry point of the insights service beside main.ts (an operator command; in an image
 * `node dist/apps/insights/src/rebuild.js`). Rebuilds the insights read models from the topics (every event topic from its first record):
 *   npm run insights:rebuild
 * Safe while the stack runs (see rebuildReadModels).
 */
import { operatorKafkaConnection } from '@dx/messaging';
import { createServiceDataSource, serviceDatabaseUrl } from '@dx/persistence';
import { createLogger } from '@dx/observability';
import { PgReadModelStore } from './read-models/persistence/read-model-store.pg';
import {
  MissingTopicsError,
  rebuildReadModels,
} from './read-models/application/rebuild-read-models';
import { READ_MODEL_TOPICS } from './read-models/messaging/read-model-events.consumer';

async function main(): Promise<void> {
  const admin = process.env.DX_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url =
    process.env.INSIGHTS_DATABASE_URL ??
    serviceDatabaseUrl(admin, 'insights', process.env.DX_DATABASE ?? 'dx');
  const logger = createLogger('insights-rebuild');
  const ds = createServiceDataSource({
    service: 'insights',
    url,
    migrations: [],
    poolSize: 2,
  });
  await ds.initialize();
  const connection = await operatorKafkaConnection('dx-insights-rebuild', logger);
  try {
    const report = await rebuildReadModels({
      dataSource: ds,
      store: new PgReadModelStore(),
      connection,
      topics: READ_MODEL_TOPICS,
      logger,
    });
    console.log(
      `[insights] read models rebuilt from ${report.events} events in ${report.seconds.toFixed(1)} s (${report.skipped} records that are not events skipped)`,
    );
  } finally {
    await connection.close();
    await ds.destroy();
  }
}

main().catch((err) => {
  // A setup mistake gets its sentence, not a stack trace.
  console.error(
    '[insights] rebuild failed:',
    err instanceof MissingTopicsError ? err.message : err,
  );
  process.exit(1);
});
