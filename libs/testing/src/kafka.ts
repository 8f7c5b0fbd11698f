import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { headersToStrings } from '@dx/contracts';
import { waitFor } from './wait-for';
import { testInfra } from './infra';
import { kafkaTestSecurity } from './kafka-security';
import { uniqueGroup } from './names';

export interface ReadRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * A raw kafkajs client for assertions on what is really on the wire; on the secured broker it is
 * the operator (or the principal named).
 */
export function testKafka(principal = 'dx-operator'): Kafka {
  const security = kafkaTestSecurity(principal);
  return new Kafka({
    clientId: 'dx-tests',
    brokers: testInfra().kafkaBrokers,
    logLevel: logLevel.NOTHING,
    ...(security?.ssl ? { ssl: security.ssl } : {}),
    ...(security?.sasl ? { sasl: security.sasl } : {}),
  });
}

/** Creates plain topics for a test (the platform's own provisioning is tested separately). */
export async function createTopics(names: string[], partitions = 3): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
    // Not kafkajs' waitForLeaders: it gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker
    // may answer right after the create (same reasoning as waitForTopicLeaders in @dx/messaging).
    await waitFor(() => admin.fetchTopicMetadata({ topics: names }), {
      what: `leaders for ${names.length} new topics`,
      until: (m) =>
        m.topics.length === names.length &&
        m.topics.every(
          (t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0),
        ),
    });
    // …and until each leader answers ListOffsets: it has loaded the partitions (see
    // waitForTopicLeaders in @dx/messaging for why metadata alone is not enough).
    await waitFor(
      async () => {
        for (const topic of names) await admin.fetchTopicOffsets(topic);
        return true;
      },
      { what: `partitions of ${names.length} new topics loaded`, timeoutMs: 60_000 },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Produces raw records (to inject poison messages and redeliveries). */
export async function produceRaw(
  topic: string,
  records: Array<{
    key: string;
    value: string | Buffer;
    headers?: Record<string, string>;
    partition?: number;
  }>,
): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records });
  } finally {
    await producer.disconnect();
  }
}

/** Reads a whole topic from the beginning up to its current end offsets. */
export async function readTopic(
  topic: string,
  timeoutMs = 20_000,
  /** Another cluster than the tiers' shared broker (the fault tier's own). */
  kafka: Kafka = testKafka(),
): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]),
  );
  const out: ReadRecord[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: uniqueGroup('reader'), sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readTopic ${topic} timed out`)), timeoutMs);
    void consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        out.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: headersToStrings(message.headers),
          partition,
          offset: message.offset,
        });
        const end = remaining.get(partition);
        if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return out;
}
