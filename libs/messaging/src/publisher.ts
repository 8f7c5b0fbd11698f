import type { Producer } from 'kafkajs';
import type { KafkaConnection } from './kafka.connection';
import { withTimeout } from './timeout';

/** A record as it goes to Kafka. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

/** The port the relay and the dead-letter path publish through. */
export interface EventPublisher {
  /** Publishes every record or throws; acks=all. Order within a partition follows array order. */
  publish(records: OutgoingRecord[], options?: PublishOptions): Promise<void>;
}

export interface PublishOptions {
  /**
   * Gives up after this long with an `ETIMEDOUT` infrastructure fault. The records may or may not
   * have been appended: the caller publishes them again (consumers drop the duplicate).
   */
  timeoutMs?: number;
}

/**
 * The broker refused this client an operation on a topic or group (ACLs deny by default). Not
 * retried into silence: the message names the principal, the resource and the Kafka error code.
 */
export class KafkaAuthorizationError extends Error {
  constructor(
    readonly code: 'TOPIC_AUTHORIZATION_FAILED' | 'GROUP_AUTHORIZATION_FAILED',
    readonly principal: string,
    readonly resources: string[],
    operation: string,
  ) {
    super(
      `Kafka refused ${principal} ${operation} on ${resources.join(', ')} (${code}): ` +
        `each service may write only the topics it owns and read only those it consumes ` +
        `(ACLs generated from the topic registry in libs/contracts)`,
    );
    this.name = 'KafkaAuthorizationError';
  }
}

/** The Kafka error type of a kafkajs error or of one it wraps, if any. */
export function kafkaErrorType(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift() as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.type === 'string') return e.type;
    queue.push(e.originalError, e.cause, ...((e.errors as unknown[]) ?? []));
  }
  return undefined;
}

export class KafkaPublisher implements EventPublisher {
  constructor(private readonly connection: KafkaConnection) {}

  async publish(records: OutgoingRecord[], options: PublishOptions = {}): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    let used: Producer | undefined;
    let abandoned = false;
    const send = (async () => {
      const producer = await this.connection.getProducer();
      if (abandoned) throw new Error('publish abandoned before it was sent');
      used = producer;
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic: this.connection.name(topic),
          messages: list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        })),
      });
    })();
    try {
      await (options.timeoutMs === undefined
        ? send
        : withTimeout(send, options.timeoutMs, 'Kafka publish'));
    } catch (err) {
      abandoned = true;
      // Whatever failed, the broker may have appended some of these records without our learning
      // it. kafkajs then gives the request's sequence numbers back, and the next batch to the
      // partition goes out under the same numbers: the broker takes it for a retry of the one it
      // has, answers "success" and drops it (a loss the fault tier saw after a broker crash). A
      // producer with a new id cannot collide, so a producer is never used again after a failure.
      if (used) await this.connection.discardProducer(used);
      if (kafkaErrorType(err) === 'TOPIC_AUTHORIZATION_FAILED')
        throw new KafkaAuthorizationError(
          'TOPIC_AUTHORIZATION_FAILED',
          this.connection.settings.security?.principal ?? 'User:ANONYMOUS',
          [...byTopic.keys()].map((t) => this.connection.name(t)),
          'WRITE',
        );
      throw err;
    }
  }
}
