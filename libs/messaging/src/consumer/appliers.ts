import type { DataSource, EntityManager } from 'typeorm';
import { Attr, meter } from '@dx/observability';
import type { AppError, EventEnvelope } from '@dx/contracts';
import { faultPoint } from '../fault-points';
import { decodeEnvelope } from './decode';
import { claimInbox, firstClaims, type InboxEntry } from './inbox';
import type { ConsumedRecord, MessageMeta } from './record';
import { inConsumerSpan } from './spans';

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

/** The partition records come from, and the group applying them. */
export interface Source {
  /** Logical topic (without the connection's prefix). */
  topic: string;
  partition: number;
  group: string;
}

export interface ApplyResult {
  /**
   * Records dealt with from the start of the slice: applied, skipped as redelivered (inbox) or
   * of a type this group does not handle.
   */
  handled: number;
  /** Why the record after them is not an event: it goes to the dead-letter topic as it is. */
  invalid?: AppError;
}

/**
 * The one way records are applied, one or many at a time: the batch processor hands a slice of a
 * partition's records and gets how many it dealt with. A failure throws and keeps nothing of the
 * slice; the processor then goes record by record (retries, dead letter) through the same call.
 */
export interface RecordApplier {
  apply(source: Source, records: ConsumedRecord[], attempt: number): Promise<ApplyResult>;
}

const processed = meter().createCounter('dx_consumer_processed_total', {
  description: 'Events applied',
});
const duplicates = meter().createCounter('dx_consumer_duplicates_total', {
  description: 'Redelivered events skipped',
});

/**
 * Events, inbox-protected: the slice's events (up to the first record that is not one) are claimed
 * in the inbox with one statement and applied in the same transaction — by the group handler in
 * one call when there is one, else each by its type's handler in order. A redelivered event's claim
 * fails and it is skipped, so applying a slice twice changes nothing.
 */
export class EventApplier implements RecordApplier {
  constructor(
    private readonly o: {
      dataSource: DataSource;
      /** Schema holding the service's inbox table. */
      schema: string;
      /** Handlers by event type; other types on the topics are skipped (forward compatibility). */
      handlers: Record<string, EventHandler>;
      groupHandler?: EventGroupHandler;
      hooks?: ConsumerHooks;
    },
  ) {}

  async apply(source: Source, records: ConsumedRecord[], attempt: number): Promise<ApplyResult> {
    const events: Array<InboxEntry & { record: ConsumedRecord }> = [];
    let invalid: AppError | undefined;
    for (const record of records) {
      const decoded = decodeEnvelope(record.value);
      if (!decoded.ok) {
        invalid = decoded.error;
        break;
      }
      events.push({ envelope: decoded.envelope, offset: record.offset, record });
    }
    const handled = events.filter((e) => this.o.handlers[e.envelope.type]);
    if (handled.length > 0) {
      const fresh = await inConsumerSpan(
        source,
        handled.map((e) => e.record),
        (span) => {
          if (handled.length === 1) {
            span.setAttribute(Attr.eventType, handled[0].envelope.type);
            span.setAttribute(Attr.eventId, handled[0].envelope.id);
          }
          return this.o.dataSource.transaction((em) =>
            this.applyFresh(em, source, handled, attempt),
          );
        },
      );
      for (const e of fresh) processed.add(1, { group: source.group, type: e.type });
      if (handled.length > fresh.length)
        duplicates.add(handled.length - fresh.length, { group: source.group });
      // After the commit and before the offset commit: where a death means a redelivery.
      for (const e of fresh) await this.o.hooks?.afterDbCommit?.(e);
      if (fresh.length) faultPoint('consumer.after-commit');
    }
    return { handled: events.length, ...(invalid ? { invalid } : {}) };
  }

  private async applyFresh(
    em: EntityManager,
    source: Source,
    handled: InboxEntry[],
    attempt: number,
  ): Promise<EventEnvelope[]> {
    const claimed = await claimInbox(em, { schema: this.o.schema, ...source }, handled);
    const fresh = firstClaims(
      handled.map((e) => e.envelope),
      claimed,
    );
    if (fresh.length === 0) return fresh;
    if (this.o.groupHandler) await this.o.groupHandler(fresh, em);
    else {
      const offsets = new Map(handled.map((h) => [h.envelope, h.offset]));
      for (const e of fresh)
        await this.o.handlers[e.type](e, em, {
          topic: source.topic,
          partition: source.partition,
          offset: offsets.get(e)!,
          attempt,
        });
    }
    return fresh;
  }
}

/** Raw records, one at a time: the handler applies each completely, its idempotency included. */
export class RawApplier implements RecordApplier {
  constructor(private readonly handler: RawRecordHandler) {}

  async apply(source: Source, records: ConsumedRecord[], attempt: number): Promise<ApplyResult> {
    const [record] = records;
    await inConsumerSpan(source, [record], () =>
      this.handler(
        {
          key: record.key?.toString('utf8') ?? null,
          value: record.value ?? Buffer.alloc(0),
          headers: record.headers,
        },
        { topic: source.topic, partition: source.partition, offset: record.offset, attempt },
      ),
    );
    return { handled: 1 };
  }
}
