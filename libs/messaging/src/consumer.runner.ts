import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { headersToStrings } from '@dx/contracts';
import type { Logger } from '@dx/observability';
import {
  EventApplier,
  RawApplier,
  type ConsumerHooks,
  type EventGroupHandler,
  type EventHandler,
  type RawRecordHandler,
} from './consumer/appliers';
import { BatchProcessor, StoppingError } from './consumer/batch-processor';
import { DeadLetterer } from './consumer/dead-letter';
import { PgProgressLog } from './consumer/progress';
import type { RecordBatch } from './consumer/record';
import type { KafkaConnection } from './kafka.connection';
import { loadInboxFloors } from './retention';
import {
  KafkaAuthorizationError,
  kafkaErrorType,
  KafkaPublisher,
  type EventPublisher,
} from './publisher';

export type {
  ConsumerHooks,
  EventGroupHandler,
  EventHandler,
  RawRecord,
  RawRecordHandler,
} from './consumer/appliers';
export type { MessageMeta } from './consumer/record';

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
   * Up to this many records of a partition share one transaction, so a busy topic pays one commit
   * per group instead of one per record. A group that fails keeps nothing and its records go again
   * one at a time (retries, dead letter). 1 (default): a transaction per record.
   */
  recordsPerTransaction?: number;
  /**
   * The new events of a group (or of a single record) go to this handler in one call instead of
   * to `handlers` one by one; `handlers` still decides which types are handled. When it throws,
   * the group's records go again one at a time through it, so a poison record is isolated,
   * retried and dead-lettered as usual.
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

/**
 * A consumer group's member: kafkajs's consumer (auto-commit off, one partition at a time) feeding
 * a {@link BatchProcessor}, which applies records through an {@link EventApplier} (events, inbox-
 * protected) or a {@link RawApplier} (payloads pushed from outside), retries them and dead-letters
 * poison records. This class owns only the consumer's life: start, rejoin, crash reporting, stop.
 */
export class ConsumerRunner {
  private consumer?: Consumer;
  private stopping = false;
  private readonly abort = new AbortController();
  private current: ConsumerState = 'starting';
  /** Inbox floors of the group, read once per (re)join: a rejoin may bring old offsets. */
  private floors?: Promise<Map<string, bigint>>;
  private readonly processor: BatchProcessor;

  /** Where the consumer stands (readiness details). */
  get state(): ConsumerState {
    return this.current;
  }

  get group(): string {
    return this.opts.group;
  }

  constructor(private readonly opts: ConsumerRunnerOptions) {
    const o = opts;
    const dlq = o.deadLetterPublisher ?? new KafkaPublisher(o.connection);
    this.processor = new BatchProcessor({
      app: o.app,
      group: o.group,
      applier: o.rawHandler
        ? new RawApplier(o.rawHandler)
        : new EventApplier({
            dataSource: o.dataSource,
            schema: o.schema,
            handlers: o.handlers,
            ...(o.groupHandler ? { groupHandler: o.groupHandler } : {}),
            ...(o.hooks ? { hooks: o.hooks } : {}),
          }),
      deadLetters: new DeadLetterer(dlq, o.logger),
      progressFor: (topic, partition) =>
        new PgProgressLog(o.dataSource, { schema: o.schema, group: o.group, topic, partition }),
      // Cached once read; a failed read (database away) is not cached, the next batch reads again.
      floors: () =>
        (this.floors ??= loadInboxFloors(o.dataSource, o.schema, o.group).catch((err: unknown) => {
          this.floors = undefined;
          throw err;
        })),
      logicalTopic: (physical) => this.logicalTopic(physical),
      // A raw record carries no inbox id: each is handled on its own.
      recordsPerTransaction: o.rawHandler ? 1 : Math.max(1, o.recordsPerTransaction ?? 1),
      retry: {
        maxAttempts: o.maxAttempts ?? 5,
        initialBackoffMs: o.initialBackoffMs ?? 200,
        maxBackoffMs: o.maxBackoffMs ?? 5000,
        maxInfrastructureBackoffMs: o.maxInfrastructureBackoffMs ?? 10_000,
      },
      maxCrashes: o.maxCrashes ?? 3,
      logger: o.logger,
      signal: this.abort.signal,
    });
  }

  async start(): Promise<void> {
    const c = this.opts.connection;
    // A consumer kafkajs gave up on is started afresh (its successor gets a new member id).
    await this.consumer?.disconnect().catch(() => undefined);
    this.current = 'starting';
    const consumer = c.kafka.consumer({
      groupId: c.name(this.opts.group),
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3000, Math.floor((this.opts.sessionTimeoutMs ?? 30_000) / 5)),
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 10 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => this.onCrash(payload));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.floors = undefined;
      this.current = 'running';
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: this.opts.topics.map((t) => c.name(t)),
        fromBeginning: this.opts.fromBeginning ?? true,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.processor.process(recordBatchOf(payload, consumer)),
      });
      this.current = 'running';
    } catch (err) {
      // Leave nothing half-connected: a later start() begins from a fresh consumer.
      await consumer.disconnect().catch(() => undefined);
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

  private logicalTopic(physical: string): string {
    const prefix = this.opts.connection.settings.topicPrefix ?? '';
    return prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
  }
}

/** kafkajs's batch behind the consumer's narrow {@link RecordBatch}. */
function recordBatchOf(p: EachBatchPayload, consumer: Consumer): RecordBatch {
  const { topic, partition } = p.batch;
  return {
    topic,
    partition,
    records: p.batch.messages.map((m) => ({
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      headers: headersToStrings(m.headers),
    })),
    resolveOffset: (offset) => p.resolveOffset(offset),
    heartbeat: () => p.heartbeat(),
    isActive: () => p.isRunning() && !p.isStale(),
    // The committed offset is the next one to read.
    commit: (offset) =>
      consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]),
  };
}
