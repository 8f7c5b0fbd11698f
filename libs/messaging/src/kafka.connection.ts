import { Kafka, logLevel, Partitioners, type Admin, type Producer, type LogEntry } from 'kafkajs';
import type { Logger } from '@dx/observability';

// We set the partitioner explicitly below; the v2 migration notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** How the platform reaches Kafka. `topicPrefix` isolates test runs and shared clusters. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and consumer group name, e.g. `t42.`; empty in production. */
  topicPrefix?: string;
}

/**
 * Leadership moving between brokers or settling after a topic is created: kafkajs logs each such
 * protocol response as an error, then retries (and whoever waits for leaders polls on purpose); a
 * lasting failure still surfaces as the error the caller gets.
 */
const TRANSIENT_LEADERSHIP =
  /not the leader for that topic-partition|no leader for this topic-partition|does not host this topic-partition/i;

/** kafkajs log levels onto our JSON logger. */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (level === logLevel.ERROR && TRANSIENT_LEADERSHIP.test(String(extra.error ?? '')))
        logger.debug({ kafka: extra }, message);
      else if (level === logLevel.ERROR) logger.error({ kafka: extra }, message);
      else if (level === logLevel.WARN) logger.warn({ kafka: extra }, message);
    };
}

/**
 * The one place a kafkajs client is created. kafkajs has had no release since 2023, so the rest of
 * the code sees only this wrapper and the {@link EventPublisher} port (one swap point).
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;

  constructor(
    readonly settings: KafkaSettings,
    logger: Logger,
  ) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      logLevel: logLevel.WARN,
      logCreator: logCreator(logger),
      retry: { initialRetryTime: 200, retries: 8 },
      connectionTimeout: 3000,
    });
  }

  /** The physical name of a logical topic or group. */
  name(logical: string): string {
    return `${this.settings.topicPrefix ?? ''}${logical}`;
  }

  /** Idempotent producer, acks=all, one request in flight so per-partition order survives retries. */
  getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const p = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2 on the key, like the Java client: Kafka CLI and kcat users see the same partitions.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await p.connect();
      return p;
    })();
    this.producer.catch(() => (this.producer = undefined));
    return this.producer;
  }

  getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const a = this.kafka.admin();
      await a.connect();
      return a;
    })();
    this.admin.catch(() => (this.admin = undefined));
    return this.admin;
  }

  /** Readiness: the cluster answers a metadata request. */
  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    const p = this.producer;
    const a = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled([p?.then((x) => x.disconnect()), a?.then((x) => x.disconnect())]);
  }
}
