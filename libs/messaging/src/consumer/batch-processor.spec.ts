import { AppError } from '@dx/contracts';
import pino from 'pino';
import { waitFor } from '@dx/testing';
import type { ApplyResult, RecordApplier, Source } from './appliers';
import { BatchProcessor, StoppingError, type BatchProcessorOptions } from './batch-processor';
import type { ProgressLog } from './progress';
import type { ConsumedRecord, RecordBatch } from './record';

/*
 * The batch processor with in-memory stand-ins for what it drives (an applier that records the
 * slices it is handed, a dead-letter sink, a progress log): pure logic of slicing, fallback,
 * retries, offsets and commits. The same behaviour against the real broker and database is in
 * libs/messaging/src/messaging.int.spec.ts.
 */

const databaseAway = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** An applier that applies offsets (once each), refuses poison ones and reads some as non-events. */
class FakeApplier implements RecordApplier {
  readonly slices: string[][] = [];
  readonly applied: string[] = [];
  poison = new Set<string>();
  invalid = new Set<string>();
  /** Offsets whose next N attempts meet a database outage. */
  outage = new Map<string, number>();

  apply(_s: Source, records: ConsumedRecord[]): Promise<ApplyResult> {
    this.slices.push(records.map((r) => r.offset));
    const outageLeft = records.map((r) => this.outage.get(r.offset) ?? 0).find((n) => n > 0);
    if (outageLeft) {
      for (const r of records)
        if (this.outage.has(r.offset)) this.outage.set(r.offset, this.outage.get(r.offset)! - 1);
      return Promise.reject(databaseAway());
    }
    if (records.some((r) => this.poison.has(r.offset)))
      return Promise.reject(new Error('downstream exploded'));
    const bad = records.findIndex((r) => this.invalid.has(r.offset));
    const good = bad < 0 ? records : records.slice(0, bad);
    this.applied.push(...good.map((r) => r.offset));
    return Promise.resolve(
      bad < 0
        ? { handled: records.length }
        : { handled: bad, invalid: new AppError('invalid', 'EVENT.NOT_JSON', 'not JSON') },
    );
  }
}

class FakeBatch implements RecordBatch {
  topic = 't42.consent.obligation.v1';
  partition = 0;
  resolved: string[] = [];
  commits: string[] = [];
  active = true;
  constructor(readonly records: ConsumedRecord[]) {}
  resolveOffset(offset: string): void {
    this.resolved.push(offset);
  }
  heartbeat(): Promise<void> {
    return Promise.resolve();
  }
  isActive(): boolean {
    return this.active;
  }
  commit(offset: string): Promise<void> {
    this.commits.push(offset);
    return Promise.resolve();
  }
}

class FakeProgress implements ProgressLog {
  begun: string[] = [];
  finished = 0;
  constructor(private readonly crashesAt: Map<string, number> = new Map()) {}
  begin(offset: string): Promise<number> {
    this.begun.push(offset);
    return Promise.resolve(this.crashesAt.get(offset) ?? 0);
  }
  finish(): Promise<void> {
    this.finished += 1;
    return Promise.resolve();
  }
}

const records = (n: number): ConsumedRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    offset: String(100 + i),
    key: null,
    value: null,
    headers: {},
  }));

function setup(over: Partial<BatchProcessorOptions> = {}) {
  const applier = new FakeApplier();
  const dead: Array<{ offset: string; code: string; attempts: number; topic: string }> = [];
  const progress = new FakeProgress();
  const abort = new AbortController();
  const options: BatchProcessorOptions = {
    app: 'trust',
    group: 'trust.evidence',
    applier,
    deadLetters: {
      send: (record, source, error, attempts) => {
        dead.push({
          offset: record.offset,
          code: error instanceof AppError ? error.code : 'UNEXPECTED',
          attempts,
          topic: source.topic,
        });
        return Promise.resolve();
      },
    },
    progressFor: () => progress,
    floors: () => Promise.resolve(new Map()),
    logicalTopic: (p) => p.replace(/^t42\./, ''),
    recordsPerTransaction: 10,
    retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2, maxInfrastructureBackoffMs: 2 },
    maxCrashes: 3,
    logger: pino({ level: 'silent' }),
    signal: abort.signal,
    ...over,
  };
  return { processor: new BatchProcessor(options), applier, dead, progress, abort };
}

describe('BatchProcessor', () => {
  it('applies slices; a failing slice goes again record by record, the poison one retried then dead-lettered', async () => {
    const { processor, applier, dead } = setup();
    applier.poison.add('112');
    const batch = new FakeBatch(records(25));
    await processor.process(batch);

    expect(applier.slices[0]).toHaveLength(10);
    expect(applier.slices[1]).toEqual(
      records(20)
        .slice(10)
        .map((r) => r.offset),
    );
    // The failed slice's records one at a time (the poison one three times: maxAttempts), then
    // slices again.
    expect(applier.slices.slice(2).map((s) => s.join())).toEqual([
      '110',
      '111',
      '112',
      '112',
      '112',
      '113',
      '114',
      '115',
      '116',
      '117',
      '118',
      '119',
      '120,121,122,123,124',
    ]);
    expect(applier.applied).toEqual(
      records(25)
        .map((r) => r.offset)
        .filter((o) => o !== '112'),
    );
    expect(dead).toEqual([
      { offset: '112', code: 'UNEXPECTED', attempts: 3, topic: 'consent.obligation.v1' },
    ]);
    // Every record resolved in order, one commit after all of them.
    expect(batch.resolved).toEqual(records(25).map((r) => r.offset));
    expect(batch.commits).toEqual(['124']);
  });

  it('dead-letters a record that is not an event at once and goes on with the rest of its slice', async () => {
    const { processor, applier, dead } = setup();
    applier.invalid.add('103');
    const batch = new FakeBatch(records(8));
    await processor.process(batch);
    expect(applier.slices).toEqual([records(8).map((r) => r.offset), ['104', '105', '106', '107']]);
    expect(dead).toEqual([
      { offset: '103', code: 'EVENT.NOT_JSON', attempts: 1, topic: 'consent.obligation.v1' },
    ]);
    expect(batch.resolved).toEqual(records(8).map((r) => r.offset));
    expect(batch.commits).toEqual(['107']);
  });

  it('waits out a database outage without counting it, then applies the record once', async () => {
    const { processor, applier, dead } = setup({ recordsPerTransaction: 1 });
    applier.outage.set('100', 6); // more waits than maxAttempts: never dead-lettered for it
    const batch = new FakeBatch(records(2));
    await processor.process(batch);
    expect(applier.slices.map((s) => s.join())).toEqual([...Array(7).fill('100'), '101']);
    expect(applier.applied).toEqual(['100', '101']);
    expect(dead).toEqual([]);
    expect(batch.commits).toEqual(['101']);
  });

  it('after a death on this batch goes record by record, committing each, and dead-letters the culprit without running it', async () => {
    const crashesAt = new Map([
      ['100', 1],
      ['101', 3],
    ]);
    const progress = new FakeProgress(crashesAt);
    const { processor, applier, dead } = setup({ progressFor: () => progress });
    const batch = new FakeBatch(records(3));
    await processor.process(batch);
    expect(applier.slices).toEqual([['100'], ['102']]);
    expect(dead).toEqual([
      { offset: '101', code: 'CONSUMER.CRASH_LOOP', attempts: 3, topic: 'consent.obligation.v1' },
    ]);
    expect(batch.commits).toEqual(['100', '101', '102']);
    expect(progress.begun).toEqual(['100', '101', '102']);
    expect(progress.finished).toBe(1);
  });

  it('skips records at or below the inbox floor (applied before, their inbox rows purged)', async () => {
    const { processor, applier } = setup({
      floors: () => Promise.resolve(new Map([['consent.obligation.v1/0', 102n]])),
    });
    const batch = new FakeBatch(records(5));
    await processor.process(batch);
    expect(applier.slices).toEqual([['103', '104']]);
    expect(batch.resolved).toEqual(records(5).map((r) => r.offset));
    expect(batch.commits).toEqual(['104']);
  });

  it('stops where the batch went stale and commits only what was done', async () => {
    const { processor, applier } = setup({ recordsPerTransaction: 1 });
    const batch = new FakeBatch(records(5));
    const apply = applier.apply.bind(applier);
    applier.apply = (s, r) => {
      if (r[0].offset === '101') batch.active = false; // a rebalance took the partition away
      return apply(s, r);
    };
    await processor.process(batch);
    expect(applier.applied).toEqual(['100', '101']);
    expect(batch.commits).toEqual(['101']);
  });

  it('gives the record back when the consumer stops while it waits for its dependency', async () => {
    const { processor, applier, abort } = setup({ recordsPerTransaction: 1 });
    applier.outage.set('100', 1_000);
    const batch = new FakeBatch(records(1));
    const running = processor.process(batch);
    // Stopped once the record is waiting out the outage (it has met it at least twice).
    await waitFor(() => Promise.resolve(applier.slices.length), {
      until: (n) => n >= 2,
      what: 'the record waiting for its dependency',
    });
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(StoppingError);
    expect(batch.commits).toEqual([]);
  });
});
