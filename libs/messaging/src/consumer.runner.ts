import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  checkEnvelope,
  deadLetterTopic,
  Header,
  headersToStrings,
  infrastructureFaultOf,
  isRetriable,
  type EventEnvelope,
} from '@dx/contracts';
import {
  Attr,
  contextFromTraceparent,
  inSpan,
  linkTo,
  meter,
  SpanKind,
  type Logger,
} from '@dx/observability';
import { backoffMs, delay } from './backoff';
import { faultPoint } from './fault-points';
import type { KafkaConnection } from './kafka.connection';
import { loadInboxFloors } from './retention';
import {
  KafkaAuthorizationError,
  kafkaErrorType,
  KafkaPublisher,
  type EventPublisher,
} from './publisher';

/** Where a message came from; handlers rarely need it, logs and the inbox do. */
export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}

/** Applies one event's effects inside the given transaction. Throw an AppError to classify failures. */
export type EventHandler = (
  envelope: EventEnvelope,
  em: EntityManager,
  meta: MessageMeta,
) => Promise<void>;

/**
 * Applies a group of a partition's events at once (set-based), in one transaction with their inbox
 * rows. Gets only the events this consumer group has not applied before, in partition order.
 */
export type EventGroupHandler = (events: EventEnvelope[], em: EntityManager) => Promise<void>;

/** One raw (non-event) record, for topics whose values are payloads pushed from outside. */
export interface RawRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Handles a raw record completely, its own idempotency included (there is no envelope id for the
 * inbox). Throw an AppError to classify failures: `invalid`/`forbidden`/`not_found` are not retried.
 */
export type RawRecordHandler = (record: RawRecord, meta: MessageMeta) => Promise<void>;

/** Test-only fault points; production passes none. */
export interface ConsumerHooks {
  /** Called after the handler's transaction committed and before the offset is committed. */
  afterDbCommit?(envelope: EventEnvelope): void | Promise<void>;
}

export interface ConsumerRunnerOptions {
  /** The consuming app; names the dead-letter topics `<topic>.dlq.<app>`. */
  app: string;
  /** `<app>.<purpose>` (logical; the connection adds the topic prefix). */
  group: string;
  /** Logical topic names. */
  topics: string[];
  /** Handlers by event type; other types on the topics are skipped (forward compatibility). */
  handlers: Record<string, EventHandler>;
  /** Instead of events: every record goes to this handler as it is (no envelope, no inbox). */
  rawHandler?: RawRecordHandler;
  dataSource: DataSource;
  /** Schema holding this service's inbox table. */
  schema: string;
  connection: KafkaConnection;
  logger: Logger;
  /** Attempts before a retriable failure is dead-lettered. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  sessionTimeoutMs?: number;
  /** Start from the earliest offset when the group has none (default true: no event is missed). */
  fromBeginning?: boolean;
  /** Defaults to a Kafka publisher on `connection`. */
  deadLetterPublisher?: EventPublisher;
  hooks?: ConsumerHooks;
  /**
   * Up to this many records of a partition share one transaction (a savepoint each), so a busy
   * topic pays one commit per group instead of one per record. A record that fails is rolled back
   * to its savepoint, the group before it commits, and the record takes the one-at-a-time path
   * (retries, dead letter). 1 (default): a transaction per record.
   */
  recordsPerTransaction?: number;
  /**
   * With `recordsPerTransaction` > 1: each group's new events go to this handler in one call (one
   * inbox insert for the group) instead of one by one under savepoints; `handlers` still decides
   * which types are handled. When it throws, the group is applied again record by record through
   * `handlers` (savepoints), so a poison record is isolated, retried and dead-lettered as usual.
   */
  groupHandler?: EventGroupHandler;
  /**
   * Deaths of the process while working on one record before the record is dead-lettered without
   * running its handler again (CONSUMER.CRASH_LOOP). Default 3.
   */
  maxCrashes?: number;
  /** Longest wait between retries of an infrastructure fault (which are retried without limit). */
  maxInfrastructureBackoffMs?: number;
  /**
   * Called when kafkajs gives up on the consumer (a non-retriable failure, e.g. an ACL refusal):
   * the owner starts it again with backoff, so a fixed ACL or a healed cluster resumes consumption.
   */
  onStopped?(error: Error): void;
}

/** Where a consumer stands, for readiness details. */
export type ConsumerState = 'starting' | 'running' | 'rejoining' | 'stopped';

const processed = meter().createCounter('dx_consumer_processed_total', {
  description: 'Events applied',
});
const duplicates = meter().createCounter('dx_consumer_duplicates_total', {
  description: 'Redelivered events skipped',
});
const deadLettered = meter().createCounter('dx_consumer_dead_lettered_total', {
  description: 'Events sent to a DLQ',
});
const infrastructureRetries = meter().createCounter('dx_consumer_infrastructure_retries_total', {
  description: 'Record attempts that failed because the database or broker was away (not counted)',
});

const parkedDeadLetters = meter().createCounter('dx_consumer_dead_letters_parked_total', {
  description: 'Replayed dead letters that failed again and were parked for a person',
});
const crashLoops = meter().createCounter('dx_consumer_crash_loops_total', {
  description: 'Records dead-lettered because the process died on them CONSUMER_MAX_CRASHES times',
});

/**
 * The `consumer_progress` row of one group and partition: which offset is being worked on and
 * whether that work ended (see addOutboxLeasesAndConsumerProgress in libs/persistence).
 */
class ConsumerProgress {
  private offset?: string;

  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly group: string,
    private readonly topic: string,
    private readonly partition: number,
  ) {}

  /** Notes work starting at `offset`; returns how often the process died on it before. */
  async begin(offset: string): Promise<number> {
    this.offset = offset;
    const [row] = await this.ds.query<Array<{ crashes: number }>>(
      `INSERT INTO "${this.schema}".consumer_progress AS p
         (consumer_group, topic, kafka_partition, kafka_offset, in_flight, crashes)
       VALUES ($1, $2, $3, $4, true, 0)
       ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE SET
         crashes = CASE WHEN p.kafka_offset = EXCLUDED.kafka_offset AND p.in_flight
                        THEN p.crashes + 1 ELSE 0 END,
         kafka_offset = EXCLUDED.kafka_offset, in_flight = true, started_at = now()
       RETURNING crashes`,
      [this.group, this.topic, this.partition, offset],
    );
    return row.crashes;
  }

  /** Notes that the work ended without the process dying. */
  async finish(): Promise<void> {
    if (this.offset === undefined) return;
    await this.ds.query(
      `UPDATE "${this.schema}".consumer_progress SET in_flight = false
       WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3 AND kafka_offset = $4`,
      [this.group, this.topic, this.partition, this.offset],
    );
  }
}

/** Thrown out of a batch when the runner stops while a record waits for its dependency. */
class StoppingError extends Error {
  constructor() {
    super('consumer stopping; the record is redelivered later');
    this.name = 'StoppingError';
  }
}

type Outcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered';

/**
 * Batch consumer with inbox de-duplication, bounded retry and dead-lettering.
 *
 * For each record: decode and check the envelope against the contracts; in ONE transaction insert
 * the inbox row (envelope id + group; a conflict means a redelivery, so nothing happens) and run the
 * handler; offsets are committed only after the batch's transactions committed. A failing record is
 * retried with backoff up to `maxAttempts` (at once when the error is not retriable), then published
 * to the dead-letter topic with the error in headers, and the partition moves on.
 */
export class ConsumerRunner {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly maxCrashes: number;
  private readonly dlq: EventPublisher;
  private stopping = false;
  private readonly abort = new AbortController();
  private current: ConsumerState = 'starting';

  /** Where the consumer stands (readiness details). */
  get state(): ConsumerState {
    return this.current;
  }

  get group(): string {
    return this.opts.group;
  }

  constructor(private readonly opts: ConsumerRunnerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.maxCrashes = opts.maxCrashes ?? 3;
    this.dlq = opts.deadLetterPublisher ?? new KafkaPublisher(opts.connection);
  }

  private floors?: Map<string, bigint>;

  async start(): Promise<void> {
    const c = this.opts.connection;
    // A consumer kafkajs gave up on is started afresh (its successor gets a new member id).
    await this.consumer?.disconnect().catch(() => undefined);
    this.current = 'starting';
    this.consumer = c.kafka.consumer({
      groupId: c.name(this.opts.group),
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3000, Math.floor((this.opts.sessionTimeoutMs ?? 30_000) / 5)),
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 10 },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => this.onCrash(payload));
    // A (re)join may come with offsets from long ago: read the inbox floors again first.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.floors = undefined;
      this.current = 'running';
    });
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: this.opts.topics.map((t) => c.name(t)),
        fromBeginning: this.opts.fromBeginning ?? true,
      });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(payload),
      });
      this.current = 'running';
    } catch (err) {
      // Leave nothing half-connected: a later start() begins from a fresh consumer.
      await this.consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /**
   * kafkajs restarts a consumer after a retriable failure by itself; a refusal by the broker's ACLs
   * is final, so it is logged as an error naming the principal, group or topics and the ACL source.
   */
  private onCrash(payload: { error: Error; restart: boolean }): void {
    if (this.stopping) return;
    this.current = payload.restart ? 'rejoining' : 'stopped';
    if (!payload.restart) this.opts.onStopped?.(payload.error);
    if (payload.error instanceof StoppingError) return;
    const c = this.opts.connection;
    const principal = c.settings.security?.principal ?? 'User:ANONYMOUS';
    const type = kafkaErrorType(payload.error);
    // kafkajs reports a group the principal may not read as "Failed to find group coordinator".
    const groupRefused =
      type === 'GROUP_AUTHORIZATION_FAILED' ||
      (payload.error.name === 'KafkaJSGroupCoordinatorNotFound' && Boolean(c.settings.security));
    if (groupRefused || type === 'TOPIC_AUTHORIZATION_FAILED') {
      const err = groupRefused
        ? new KafkaAuthorizationError(
            'GROUP_AUTHORIZATION_FAILED',
            principal,
            [c.name(this.opts.group)],
            'READ (join)',
          )
        : new KafkaAuthorizationError(
            'TOPIC_AUTHORIZATION_FAILED',
            principal,
            this.opts.topics.map((t) => c.name(t)),
            'READ',
          );
      this.opts.logger.error({ err, cause: payload.error.message }, err.message);
    } else
      this.opts.logger.error(
        { err: payload.error, restart: payload.restart },
        payload.restart
          ? 'consumer failed; kafkajs restarts it'
          : 'consumer stopped after a failure',
      );
  }

  /** Finishes the record in hand, commits, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.consumer?.disconnect();
    this.current = 'stopped';
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    let last: string | undefined;
    const group = this.opts.rawHandler ? 1 : Math.max(1, this.opts.recordsPerTransaction ?? 1);
    let messages = batch.messages;
    // Records at or below the floor were processed and their inbox rows purged (retention.ts).
    const floors = (this.floors ??= await loadInboxFloors(
      this.opts.dataSource,
      this.opts.schema,
      this.opts.group,
    ));
    const floor = floors.get(`${this.logicalTopic(batch.topic)}/${batch.partition}`);
    if (floor !== undefined && messages.length && BigInt(messages[0].offset) <= floor) {
      const skipped = messages.filter((m) => BigInt(m.offset) <= floor);
      for (const m of skipped) resolveOffset(m.offset);
      last = skipped[skipped.length - 1].offset;
      messages = messages.slice(skipped.length);
      this.opts.logger.info(
        {
          topic: batch.topic,
          partition: batch.partition,
          skipped: skipped.length,
          floor: String(floor),
        },
        'skipped records below the inbox floor (processed before; inbox rows purged)',
      );
    }
    if (messages.length === 0) {
      if (last !== undefined) await this.commit(batch.topic, batch.partition, last);
      return;
    }
    // Crash detection: the offset being worked on is noted before the work and cleared after it.
    // Found still "in flight" at the same offset, the process died on it: the batch goes record
    // by record (each noted and committed on its own) until the culprit is found and, after
    // maxCrashes deaths on it, dead-lettered.
    const progress = new ConsumerProgress(
      this.opts.dataSource,
      this.opts.schema,
      this.opts.group,
      this.logicalTopic(batch.topic),
      batch.partition,
    );
    let crashes = await progress.begin(messages[0].offset);
    const careful = crashes > 0;
    if (careful)
      this.opts.logger.warn(
        { topic: batch.topic, partition: batch.partition, offset: messages[0].offset, crashes },
        'the process died while working here before; going record by record',
      );
    try {
      for (let i = 0; i < messages.length;) {
        if (!isRunning() || isStale() || this.stopping) break;
        if (careful) {
          const message = messages[i];
          if (i > 0) crashes = await progress.begin(message.offset);
          if (crashes >= this.maxCrashes) await this.deadLetterCrashLoop(batch, message, crashes);
          else await this.processRecord(batch.topic, batch.partition, message, heartbeat);
          resolveOffset(message.offset);
          last = message.offset;
          // Committed at once: a death on the next record restarts there, not at the batch start.
          await this.commit(batch.topic, batch.partition, last);
          i += 1;
          await heartbeat();
          continue;
        }
        if (group > 1) {
          const slice = messages.slice(i, i + group);
          let done: number;
          try {
            done = this.opts.groupHandler
              ? await this.applySetBased(
                  batch.topic,
                  batch.partition,
                  slice,
                  this.opts.groupHandler,
                )
              : await this.applyGroup(batch.topic, batch.partition, slice);
          } catch (err) {
            // The database went away mid-group: nothing of the group committed; the record-by-record
            // path below waits for it (retrying without limit) and the next group resumes batching.
            if (!infrastructureFaultOf(err)) throw err;
            done = 0;
          }
          for (let k = 0; k < done; k++) resolveOffset(messages[i + k].offset);
          if (done > 0) last = messages[i + done - 1].offset;
          i += done;
          if (done === group || i >= messages.length) {
            await heartbeat();
            continue;
          }
        }
        // One at a time: the default, and a record the group could not apply.
        const message = messages[i];
        await this.processRecord(batch.topic, batch.partition, message, heartbeat);
        resolveOffset(message.offset);
        last = message.offset;
        i += 1;
        await heartbeat();
      }
      // After the database commits of the batch: a crash before this line means redelivery,
      // which the inbox turns into a no-op.
      if (last !== undefined) await this.commit(batch.topic, batch.partition, last);
    } finally {
      // Reached on every way out but death: whatever stopped the batch was not the process dying.
      await progress
        .finish()
        .catch((err: unknown) =>
          this.opts.logger.warn({ err }, 'could not note the end of a batch'),
        );
    }
  }

  private async commit(physicalTopic: string, partition: number, offset: string): Promise<void> {
    await this.consumer!.commitOffsets([
      { topic: physicalTopic, partition, offset: (BigInt(offset) + 1n).toString() },
    ]);
  }

  /** A record the process died on `crashes` times: dead-lettered without running it again. */
  private async deadLetterCrashLoop(
    batch: { topic: string; partition: number },
    message: KafkaMessage,
    crashes: number,
  ): Promise<void> {
    const topic = this.logicalTopic(batch.topic);
    const err = new AppError(
      'unprocessable',
      'CONSUMER.CRASH_LOOP',
      `the process died ${crashes} times while handling this record; dead-lettered without another attempt`,
    );
    this.opts.logger.error(
      { topic, partition: batch.partition, offset: message.offset, crashes },
      err.message,
    );
    await this.deadLetter(topic, batch.partition, message, err, crashes);
    crashLoops.add(1, { group: this.opts.group, topic });
  }

  private logicalTopic(physical: string): string {
    const prefix = this.opts.connection.settings.topicPrefix ?? '';
    return prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
  }

  private async processRecord(
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    const topic = this.logicalTopic(physicalTopic);
    const headers = headersToStrings(message.headers);
    const parent = contextFromTraceparent(headers[Header.traceparent]);
    return inSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent,
        attributes: this.spanAttributes(topic, partition),
      },
      async (span) => {
        const raw = this.opts.rawHandler;
        if (raw)
          return this.withRetries(topic, partition, message, heartbeat, 'raw', (attempt) =>
            raw(
              {
                key: message.key?.toString('utf8') ?? null,
                value: message.value ?? Buffer.alloc(0),
                headers,
              },
              { topic, partition, offset: message.offset, attempt },
            ).then(() => true),
          );
        const decoded = this.decode(message);
        if (!decoded.ok) {
          await this.deadLetter(topic, partition, message, decoded.error, 1);
          return 'dead-lettered';
        }
        const envelope = decoded.envelope;
        span.setAttribute(Attr.eventType, envelope.type);
        span.setAttribute(Attr.eventId, envelope.id);
        const handler = this.opts.handlers[envelope.type];
        if (!handler) return 'skipped';

        return this.withRetries(topic, partition, message, heartbeat, envelope.type, (attempt) =>
          this.applyOnce(envelope, handler, {
            topic,
            partition,
            offset: message.offset,
            attempt,
          }).then(async (applied) => {
            await this.opts.hooks?.afterDbCommit?.(envelope);
            faultPoint('consumer.after-commit');
            return applied;
          }),
        );
      },
    );
  }

  /** Runs one record's work with retries and backoff; dead-letters it when final. */
  private async withRetries(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    type: string,
    work: (attempt: number) => Promise<boolean>,
  ): Promise<Outcome> {
    let waits = 0;
    for (let attempt = 1; ;) {
      if (this.stopping) throw new StoppingError();
      try {
        const applied = await work(attempt);
        if (applied) processed.add(1, { group: this.opts.group, type });
        else duplicates.add(1, { group: this.opts.group });
        return applied ? 'applied' : 'duplicate';
      } catch (err) {
        const fault = infrastructureFaultOf(err);
        if (fault) {
          // The database or broker is away: not the record's fault, so it does not count towards
          // dead-lettering, and it is retried for as long as the outage lasts.
          waits++;
          infrastructureRetries.add(1, { group: this.opts.group });
          const wait = backoffMs(
            waits,
            this.opts.initialBackoffMs ?? 200,
            this.opts.maxInfrastructureBackoffMs ?? 10_000,
          );
          this.opts.logger.warn(
            { err, fault, type, offset: message.offset, partition, waits, retryInMs: wait },
            'record waits for its dependency; retrying',
          );
          await delay(wait, this.abort.signal);
          await heartbeat();
          continue;
        }
        waits = 0;
        const final = !isRetriable(err) || attempt >= this.maxAttempts;
        this.opts.logger.warn(
          { err, type, offset: message.offset, partition, attempt, final },
          final ? 'record failed; dead-lettering' : 'record failed; retrying',
        );
        if (final) {
          await this.deadLetter(topic, partition, message, err, attempt);
          return 'dead-lettered';
        }
        await delay(
          backoffMs(attempt, this.opts.initialBackoffMs ?? 200, this.opts.maxBackoffMs ?? 5000),
          this.abort.signal,
        );
        await heartbeat();
        attempt++;
      }
    }
  }

  private decode(
    message: KafkaMessage,
  ): { ok: true; envelope: EventEnvelope } | { ok: false; error: AppError } {
    if (!message.value || message.value.length === 0) {
      return { ok: false, error: new AppError('invalid', 'EVENT.EMPTY', 'record has no value') };
    }
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch (err) {
      return {
        ok: false,
        error: new AppError(
          'invalid',
          'EVENT.NOT_JSON',
          `value is not JSON: ${(err as Error).message}`,
        ),
      };
    }
    const check = checkEnvelope(json);
    if (!check.ok) {
      const detail = check.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return {
        ok: false,
        error: new AppError('invalid', 'EVENT.SCHEMA_VIOLATION', detail, check.errors),
      };
    }
    return { ok: true, envelope: check.envelope };
  }

  /**
   * Applies consecutive event records in one transaction, each under a savepoint with its inbox
   * row. Stops before the first record that cannot be decoded or whose handler throws (that one is
   * rolled back to its savepoint and left to the one-at-a-time path) and commits what came before.
   * Returns how many records were handled (applied, duplicate or skipped).
   */
  private async applyGroup(
    physicalTopic: string,
    partition: number,
    messages: KafkaMessage[],
  ): Promise<number> {
    const topic = this.logicalTopic(physicalTopic);
    const applied: EventEnvelope[] = [];
    const done = await this.opts.dataSource.transaction(async (em) => {
      let n = 0;
      for (const message of messages) {
        const decoded = this.decode(message);
        if (!decoded.ok) break;
        const envelope = decoded.envelope;
        const handler = this.opts.handlers[envelope.type];
        if (!handler) {
          n += 1;
          continue;
        }
        const headers = headersToStrings(message.headers);
        const ok = await inSpan(
          `${topic} process`,
          {
            kind: SpanKind.CONSUMER,
            parent: contextFromTraceparent(headers[Header.traceparent]),
            attributes: {
              ...this.spanAttributes(topic, partition),
              [Attr.eventType]: envelope.type,
              [Attr.eventId]: envelope.id,
            },
          },
          async () => {
            await em.query('SAVEPOINT record');
            try {
              const meta = { topic, partition, offset: message.offset, attempt: 1 };
              if (await this.claimInbox(em, envelope, meta)) {
                await handler(envelope, em, {
                  topic,
                  partition,
                  offset: message.offset,
                  attempt: 1,
                });
                applied.push(envelope);
                processed.add(1, { group: this.opts.group, type: envelope.type });
              } else duplicates.add(1, { group: this.opts.group });
              await em.query('RELEASE SAVEPOINT record');
              return true;
            } catch (err) {
              await em.query('ROLLBACK TO SAVEPOINT record');
              this.opts.logger.warn(
                { err, type: envelope.type, offset: message.offset, partition },
                'record failed in a group; retrying it on its own',
              );
              return false;
            }
          },
        );
        if (!ok) break;
        n += 1;
      }
      return n;
    });
    for (const e of applied) await this.opts.hooks?.afterDbCommit?.(e);
    if (applied.length) faultPoint('consumer.after-commit');
    return done;
  }

  /**
   * Applies consecutive event records with one inbox insert and one call of the group handler, in
   * one transaction. Stops before the first record that cannot be decoded. The span continues the
   * first record's trace and links to every record's. When the handler throws, nothing of the group
   * is kept and the records go through the savepoint path instead.
   */
  private async applySetBased(
    physicalTopic: string,
    partition: number,
    messages: KafkaMessage[],
    groupHandler: EventGroupHandler,
  ): Promise<number> {
    const topic = this.logicalTopic(physicalTopic);
    const records: Array<{ envelope: EventEnvelope; offset: string; traceparent?: string }> = [];
    for (const message of messages) {
      const decoded = this.decode(message);
      if (!decoded.ok) break;
      records.push({
        envelope: decoded.envelope,
        offset: message.offset,
        traceparent: headersToStrings(message.headers)[Header.traceparent],
      });
    }
    if (records.length === 0) return 0;
    const handled = records.filter((r) => this.opts.handlers[r.envelope.type]);
    if (handled.length === 0) return records.length;
    try {
      const fresh = await inSpan(
        `${topic} process`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFromTraceparent(handled[0].traceparent),
          links: handled.flatMap((r) => linkTo(r.traceparent) ?? []),
          attributes: {
            ...this.spanAttributes(topic, partition),
            [Attr.messagingBatchSize]: handled.length,
          },
        },
        () =>
          this.opts.dataSource.transaction(async (em) => {
            const claimed = await em.query<Array<{ event_id: string }>>(
              `INSERT INTO "${this.opts.schema}".inbox (consumer_group, event_id, event_type, topic, kafka_partition, kafka_offset)
               SELECT $1, x.event_id, x.event_type, $2, $3, x.kafka_offset
               FROM jsonb_to_recordset($4::jsonb) AS x(event_id uuid, event_type text, kafka_offset bigint)
               ON CONFLICT DO NOTHING RETURNING event_id::text`,
              [
                this.opts.group,
                topic,
                partition,
                JSON.stringify(
                  handled.map((r) => ({
                    event_id: r.envelope.id,
                    event_type: r.envelope.type,
                    kafka_offset: r.offset,
                  })),
                ),
              ],
            );
            const ids = new Set(claimed.map((c) => c.event_id.toLowerCase()));
            // An id twice in one group (a producer retry) is claimed once and applied once.
            const seen = new Set<string>();
            const events = handled
              .map((r) => r.envelope)
              .filter((e) => {
                const id = e.id.toLowerCase();
                return ids.has(id) && !seen.has(id) && seen.add(id);
              });
            if (events.length > 0) await groupHandler(events, em);
            return events;
          }),
      );
      for (const e of fresh) processed.add(1, { group: this.opts.group, type: e.type });
      if (handled.length > fresh.length)
        duplicates.add(handled.length - fresh.length, { group: this.opts.group });
      for (const e of fresh) await this.opts.hooks?.afterDbCommit?.(e);
      if (fresh.length) faultPoint('consumer.after-commit');
      return records.length;
    } catch (err) {
      this.opts.logger.warn(
        { err, partition, records: records.length },
        'group failed; applying its records one by one',
      );
      return this.applyGroup(physicalTopic, partition, messages.slice(0, records.length));
    }
  }

  /** The inbox row of an event for this group; false when it is there already (a redelivery). */
  private async claimInbox(
    em: EntityManager,
    envelope: EventEnvelope,
    meta: MessageMeta,
  ): Promise<boolean> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO "${this.opts.schema}".inbox (consumer_group, event_id, event_type, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.opts.group, envelope.id, envelope.type, meta.topic, meta.partition, meta.offset],
    );
    return inserted.length > 0;
  }

  private spanAttributes(topic: string, partition: number) {
    return {
      [Attr.messagingSystem]: 'kafka',
      [Attr.messagingDestination]: topic,
      [Attr.messagingOperation]: 'process',
      [Attr.messagingConsumerGroup]: this.opts.group,
      [Attr.messagingPartition]: String(partition),
    };
  }

  /** Inbox row + handler effects in one transaction. false = already processed (redelivery). */
  private applyOnce(
    envelope: EventEnvelope,
    handler: EventHandler,
    meta: MessageMeta,
  ): Promise<boolean> {
    return this.opts.dataSource.transaction(async (em) => {
      if (!(await this.claimInbox(em, envelope, meta))) return false;
      await handler(envelope, em, meta);
      return true;
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const err = error instanceof Error ? error : new Error(String(error));
    const original = headersToStrings(message.headers);
    // A replayed dead letter that fails again is parked, not queued for yet another replay.
    const parked = original[Header.replayedFrom] !== undefined;
    const headers = {
      ...original,
      ...(parked ? { [Header.dlqParked]: 'true' } : {}),
      [Header.dlqError]: err.message.slice(0, 4000),
      [Header.dlqErrorCode]: error instanceof AppError ? error.code : 'UNEXPECTED',
      [Header.dlqAttempts]: String(attempts),
      [Header.dlqSourceTopic]: topic,
      [Header.dlqSourcePartition]: String(partition),
      [Header.dlqSourceOffset]: message.offset,
      [Header.dlqGroup]: this.opts.group,
      [Header.dlqFailedAt]: new Date().toISOString(),
    };
    // If the DLQ itself is unreachable this throws, the batch is retried and nothing is lost.
    await this.dlq.publish([
      {
        topic: deadLetterTopic(topic, this.opts.app),
        key: message.key?.toString('utf8') ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers,
      },
    ]);
    deadLettered.add(1, { group: this.opts.group, topic });
    if (parked) {
      parkedDeadLetters.add(1, { group: this.opts.group, topic });
      this.opts.logger.error(
        { topic, partition, offset: message.offset, replayedFrom: original[Header.replayedFrom] },
        'a replayed dead letter failed again: parked for a person (later replays skip it)',
      );
    }
  }
}
