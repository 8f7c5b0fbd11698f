import { AppError } from '@dx/contracts';
import { meter, type Logger } from '@dx/observability';
import { delay } from '../backoff';
import type { RecordApplier, Source } from './appliers';
import type { DeadLetterSource } from './dead-letter';
import type { ProgressLog } from './progress';
import type { ConsumedRecord, RecordBatch } from './record';
import { nextStep, type RetrySettings } from './retry-policy';

const infrastructureRetries = meter().createCounter('dx_consumer_infrastructure_retries_total', {
  description: 'Record attempts that failed because the database or broker was away (not counted)',
});
const crashLoops = meter().createCounter('dx_consumer_crash_loops_total', {
  description: 'Records dead-lettered because the process died on them CONSUMER_MAX_CRASHES times',
});

/** Thrown out of a batch when the consumer stops while a record waits: it is redelivered later. */
export class StoppingError extends Error {
  constructor() {
    super('consumer stopping; the record is redelivered later');
    this.name = 'StoppingError';
  }
}

export interface BatchProcessorOptions {
  /** The consuming app (names dead-letter topics). */
  app: string;
  group: string;
  applier: RecordApplier;
  deadLetters: {
    send(
      record: ConsumedRecord,
      source: DeadLetterSource,
      error: unknown,
      attempts: number,
    ): Promise<void>;
  };
  progressFor(topic: string, partition: number): ProgressLog;
  /** Highest purged inbox offset per `topic/partition`: records at or below were applied before. */
  floors(): Promise<Map<string, bigint>>;
  logicalTopic(physical: string): string;
  /** Records of a partition applied in one transaction; 1 = one at a time. */
  recordsPerTransaction: number;
  retry: RetrySettings;
  /** Deaths of the process on one record before it is dead-lettered without another attempt. */
  maxCrashes: number;
  logger: Logger;
  /** Aborted when the consumer stops: waits end and the record in hand is given back. */
  signal: AbortSignal;
}

/**
 * Works through one partition's batch: records below the inbox floor are skipped; the rest go to
 * the applier a slice of `recordsPerTransaction` at a time. A slice that fails (nothing of it was
 * kept) goes again record by record through the same applier, each with the retry policy and, when
 * final, the dead-letter topic, so a poison record is isolated and the partition keeps moving.
 * Offsets are resolved as records are done and committed once at the end, after every database
 * commit: a death in between means a redelivery, which the inbox turns into a no-op.
 *
 * Crash loops are found through the database: the offset being worked on is noted before the work
 * and cleared after it. Found still in flight at the same offset, the process died on it; the batch
 * then goes record by record, each noted and committed on its own, until the culprit is found and,
 * after `maxCrashes` deaths on it, dead-lettered without running it again.
 */
export class BatchProcessor {
  constructor(private readonly o: BatchProcessorOptions) {}

  async process(batch: RecordBatch): Promise<void> {
    const topic = this.o.logicalTopic(batch.topic);
    const source: Source = { topic, partition: batch.partition, group: this.o.group };
    let last: string | undefined;
    let committed: string | undefined;
    const done = (r: ConsumedRecord) => {
      batch.resolveOffset(r.offset);
      last = r.offset;
    };
    const records = await this.withoutPurged(source, batch.records, done);
    if (records.length === 0) {
      if (last !== undefined) await batch.commit(last);
      return;
    }
    const progress = this.o.progressFor(topic, batch.partition);
    let crashes = await progress.begin(records[0].offset);
    const careful = crashes > 0;
    if (careful)
      this.o.logger.warn(
        { topic, partition: batch.partition, offset: records[0].offset, crashes },
        'the process died while working here before; going record by record',
      );
    try {
      for (let i = 0; i < records.length;) {
        if (!this.active(batch)) break;
        if (careful) {
          const record = records[i];
          if (i > 0) crashes = await progress.begin(record.offset);
          if (crashes >= this.o.maxCrashes) await this.crashLoop(source, record, crashes);
          else await this.one(source, record, batch);
          done(record);
          // Committed at once: a death on the next record restarts there, not at the batch start.
          await batch.commit(record.offset);
          committed = record.offset;
          i += 1;
          await batch.heartbeat();
          continue;
        }
        const slice = records.slice(i, i + this.o.recordsPerTransaction);
        const result =
          slice.length > 1
            ? await this.o.applier.apply(source, slice, 1).catch((err: unknown) => {
                this.o.logger.warn(
                  { err, partition: batch.partition, records: slice.length },
                  'group failed; applying its records one by one',
                );
                return undefined;
              })
            : undefined;
        if (result) {
          slice.slice(0, result.handled).forEach(done);
          i += result.handled;
          if (result.invalid) {
            await this.deadLetter(source, records[i], result.invalid, 1);
            done(records[i]);
            i += 1;
          }
          await batch.heartbeat();
          continue;
        }
        // One at a time: the default, and the records of a group that failed.
        for (const record of slice) {
          if (!this.active(batch)) break;
          await this.one(source, record, batch);
          done(record);
          i += 1;
          await batch.heartbeat();
        }
      }
      if (last !== undefined && last !== committed) await batch.commit(last);
    } finally {
      // Reached on every way out but death: whatever stopped the batch was not the process dying.
      await progress
        .finish()
        .catch((err: unknown) => this.o.logger.warn({ err }, 'could not note the end of a batch'));
    }
  }

  private active(batch: RecordBatch): boolean {
    return batch.isActive() && !this.o.signal.aborted;
  }

  /** Records at or below the inbox floor were applied and their inbox rows purged (retention.ts). */
  private async withoutPurged(
    source: Source,
    records: ConsumedRecord[],
    done: (r: ConsumedRecord) => void,
  ): Promise<ConsumedRecord[]> {
    const floor = (await this.o.floors()).get(`${source.topic}/${source.partition}`);
    if (floor === undefined || records.length === 0 || BigInt(records[0].offset) > floor)
      return records;
    const skipped = records.filter((r) => BigInt(r.offset) <= floor);
    skipped.forEach(done);
    this.o.logger.info(
      {
        topic: source.topic,
        partition: source.partition,
        skipped: skipped.length,
        floor: String(floor),
      },
      'skipped records below the inbox floor (processed before; inbox rows purged)',
    );
    return records.slice(skipped.length);
  }

  /** One record through the applier, with the retry policy; dead-lettered when final. */
  private async one(source: Source, record: ConsumedRecord, batch: RecordBatch): Promise<void> {
    let waits = 0;
    for (let attempt = 1; ;) {
      if (this.o.signal.aborted) throw new StoppingError();
      try {
        const result = await this.o.applier.apply(source, [record], attempt);
        if (result.invalid) await this.deadLetter(source, record, result.invalid, 1);
        return;
      } catch (err) {
        const step = nextStep(err, attempt, waits + 1, this.o.retry);
        const at = { offset: record.offset, partition: source.partition };
        if (step.kind === 'wait-for-dependency') {
          waits += 1;
          infrastructureRetries.add(1, { group: this.o.group });
          this.o.logger.warn(
            { err, fault: step.fault, ...at, waits, retryInMs: step.waitMs },
            'record waits for its dependency; retrying',
          );
        } else {
          waits = 0;
          const final = step.kind === 'dead-letter';
          this.o.logger.warn(
            { err, ...at, attempt, final },
            final ? 'record failed; dead-lettering' : 'record failed; retrying',
          );
          if (final) return this.deadLetter(source, record, err, attempt);
          attempt += 1;
        }
        await delay(step.waitMs, this.o.signal);
        await batch.heartbeat();
      }
    }
  }

  private async crashLoop(source: Source, record: ConsumedRecord, crashes: number): Promise<void> {
    const err = new AppError(
      'unprocessable',
      'CONSUMER.CRASH_LOOP',
      `the process died ${crashes} times while handling this record; dead-lettered without another attempt`,
    );
    this.o.logger.error(
      { topic: source.topic, partition: source.partition, offset: record.offset, crashes },
      err.message,
    );
    await this.deadLetter(source, record, err, crashes);
    crashLoops.add(1, { group: this.o.group, topic: source.topic });
  }

  private deadLetter(
    source: Source,
    record: ConsumedRecord,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    return this.o.deadLetters.send(
      record,
      { app: this.o.app, group: this.o.group, topic: source.topic, partition: source.partition },
      error,
      attempts,
    );
  }
}
