import { Header, headersToStrings } from '@dx/contracts';
import type { Logger } from '@dx/observability';
import type { KafkaConnection } from './kafka.connection';
import { KafkaPublisher, type EventPublisher } from './publisher';

export interface ReplayOptions {
  connection: KafkaConnection;
  /** Logical dead-letter topic, e.g. `catalog.participant.v1.dlq.trust`. */
  deadLetterTopic: string;
  logger: Logger;
  /** Only report what would be replayed. */
  dryRun?: boolean;
  /** Progress is kept per replay group, so a second run does not replay the same records twice. */
  group?: string;
  publisher?: EventPublisher;
  /** Upper bound on the time the replay may take. */
  timeoutMs?: number;
  /** Also replay parked dead letters (replayed once already and failed again). */
  includeParked?: boolean;
}

export interface ReplayReport {
  /** Records sent back to their topics (in a dry run: that would be). */
  replayed: number;
  byTopic: Record<string, number>;
  /** Parked dead letters left alone: they failed again after a replay; a person decides. */
  parked: number;
}

/**
 * Re-publishes dead letters to the topic they came from (header `dx-dlq-source-topic`), with their
 * original key, value and headers, up to the end offsets seen at start. Consumers de-duplicate by
 * envelope id, so groups that had processed the event are unaffected.
 *
 * Converges: progress is committed per replay group (a record is replayed once), and a replayed
 * record that fails again comes back parked (`dx-dlq-parked`), which later runs skip and count
 * unless `includeParked`. A dry run commits nothing and logs each record as "would replay".
 */
export async function replayDeadLetters(opts: ReplayOptions): Promise<ReplayReport> {
  const c = opts.connection;
  const physical = c.name(opts.deadLetterTopic);
  const admin = await c.getAdmin();
  const group = c.name(opts.group ?? `ops.dlq-replay.${opts.deadLetterTopic}`);
  const ends = await admin.fetchTopicOffsets(physical);
  const committed = await admin.fetchOffsets({ groupId: group, topics: [physical] });
  const startOf = new Map<number, bigint>();
  for (const p of committed[0]?.partitions ?? []) startOf.set(p.partition, BigInt(p.offset));
  const pending = new Map<number, bigint>();
  for (const e of ends) {
    const start = startOf.get(e.partition) ?? -1n;
    const low = BigInt(e.low);
    const from = start < 0n ? low : start;
    if (BigInt(e.high) > from) pending.set(e.partition, BigInt(e.high));
  }
  const report: ReplayReport = { replayed: 0, byTopic: {}, parked: 0 };
  if (pending.size === 0) return report;

  const publisher = opts.publisher ?? new KafkaPublisher(c);
  const consumer = c.kafka.consumer({
    groupId: group,
    sessionTimeout: 10_000,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [physical], fromBeginning: true });
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => ((finish = res), (fail = rej)));
  const timer = setTimeout(
    () => fail(new Error('dead-letter replay timed out')),
    opts.timeoutMs ?? 120_000,
  );

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const end = pending.get(partition);
      if (end === undefined || BigInt(message.offset) >= end) return;
      const headers = headersToStrings(message.headers);
      const target = headers[Header.dlqSourceTopic];
      if (!target)
        throw new Error(
          `dead letter at ${partition}/${message.offset} has no ${Header.dlqSourceTopic} header`,
        );
      const isParked = headers[Header.dlqParked] === 'true' && !opts.includeParked;
      const original = Object.fromEntries(
        Object.entries(headers).filter(([k]) => !k.startsWith('dx-dlq-')),
      );
      original[Header.replayedFrom] = `${opts.deadLetterTopic}/${partition}/${message.offset}`;
      if (isParked) {
        report.parked++;
        opts.logger.warn(
          {
            partition,
            offset: message.offset,
            target,
            error: headers[Header.dlqError],
            replayedFrom: headers[Header.replayedFrom],
          },
          'parked dead letter left alone (failed again after a replay)',
        );
      } else if (opts.dryRun) {
        report.replayed++;
        report.byTopic[target] = (report.byTopic[target] ?? 0) + 1;
        opts.logger.info({ partition, offset: message.offset, target }, 'would replay (dry run)');
      } else {
        await publisher.publish([
          {
            topic: target,
            key: message.key?.toString('utf8') ?? '',
            value: message.value ?? Buffer.alloc(0),
            headers: original,
          },
        ]);
        report.replayed++;
        report.byTopic[target] = (report.byTopic[target] ?? 0) + 1;
        opts.logger.info({ partition, offset: message.offset, target }, 'dead letter replayed');
      }
      if (!opts.dryRun)
        await consumer.commitOffsets([
          { topic: physical, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      if (BigInt(message.offset) + 1n >= end) {
        pending.delete(partition);
        if (pending.size === 0) finish();
      }
    },
  });
  try {
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return report;
}
