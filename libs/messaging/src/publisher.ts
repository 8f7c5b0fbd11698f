import type { KafkaConnection } from './kafka.connection';

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
  publish(records: OutgoingRecord[]): Promise<void>;
}

export class KafkaPublisher implements EventPublisher {
  constructor(private readonly connection: KafkaConnection) {}

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    const producer = await this.connection.getProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.connection.name(topic),
        messages: list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      })),
    });
  }
}
