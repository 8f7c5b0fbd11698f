import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { checkEnvelope, type EventEnvelope } from '@dx/contracts';
import type { KafkaConnection } from '@dx/messaging';
import type { Logger } from '@dx/observability';
import type { ReadModelStore } from '../domain/read-model-store';
import { ProjectEventsHandler } from './project-events.handler';

export interface RebuildReport {
  events: number;
  /** Records that are not valid events (the service dead-letters them; the rebuild skips them). */
  skipped: number;
  seconds: number;
}

/** The broker lacks topics the read models are built from; nothing was changed. */
export class MissingTopicsError extends Error {
  constructor(readonly topics: string[]) {
    super(
      `the broker has no topic ${topics.join(', ')}: create the topics first (npm start does, or ` +
        `tools/cli/provision-topics.ts) or check KAFKA_TOPIC_PREFIX; the read models were left as they were`,
    );
    this.name = 'MissingTopicsError';
  }
}

/**
 * Rebuilds the read models from the topics: empties them, then reads every event topic from its
 * first retained record to the end it had when the rebuild began, under a throwaway consumer
 * group, projecting batches with the service's own projection. Safe while the service runs: both
 * write idempotently (facts by event id, state forward-only), so events arriving meanwhile land
 * once whichever path brings them.
 */
export async function rebuildReadModels(opts: {
  dataSource: DataSource;
  store: ReadModelStore<EntityManager>;
  connection: KafkaConnection;
  topics: string[];
  logger: Logger;
  timeoutMs?: number;
}): Promise<RebuildReport> {
  const started = Date.now();
  const c = opts.connection;
  const admin = await c.getAdmin();
  // Checked before anything is cleared: against a broker without the topics (a new cluster, a
  // wrong prefix) the rebuild would otherwise empty the read models and then fail with Kafka's
  // bare UNKNOWN_TOPIC_OR_PARTITION.
  const existing = new Set(await admin.listTopics());
  const missing = opts.topics.map((t) => c.name(t)).filter((t) => !existing.has(t));
  if (missing.length > 0) throw new MissingTopicsError(missing);
  const pending = new Map<string, bigint>();
  for (const topic of opts.topics) {
    const physical = c.name(topic);
    for (const p of await admin.fetchTopicOffsets(physical))
      if (BigInt(p.high) > BigInt(p.low)) pending.set(`${physical}/${p.partition}`, BigInt(p.high));
  }
  await opts.store.clear(opts.dataSource.manager);
  const report: RebuildReport = { events: 0, skipped: 0, seconds: 0 };
  if (pending.size > 0) {
    const project = new ProjectEventsHandler(opts.store);
    const group = c.name(`insights.rebuild.${randomUUID()}`);
    const consumer = c.kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    await consumer.connect();
    await consumer.subscribe({ topics: opts.topics.map((t) => c.name(t)), fromBeginning: true });
    let finish!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => ((finish = res), (fail = rej)));
    const timer = setTimeout(
      () => fail(new Error('read-model rebuild timed out')),
      opts.timeoutMs ?? 600_000,
    );
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}/${batch.partition}`;
        const end = pending.get(key);
        if (end === undefined) return;
        const events: EventEnvelope[] = [];
        for (const m of batch.messages) {
          if (BigInt(m.offset) >= end) break;
          let check: ReturnType<typeof checkEnvelope> | undefined;
          try {
            check = checkEnvelope(JSON.parse(m.value?.toString('utf8') ?? ''));
          } catch {
            check = undefined;
          }
          if (check?.ok) events.push(check.envelope);
          else report.skipped++;
        }
        if (events.length > 0)
          await opts.dataSource.transaction((em) => project.execute(em, events));
        report.events += events.length;
        if (BigInt(batch.lastOffset()) + 1n >= end) {
          pending.delete(key);
          if (pending.size === 0) finish();
        }
      },
    });
    try {
      await done;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([group]).catch(() => undefined);
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  opts.logger.info(report, 'read models rebuilt from the topics');
  return report;
}
