import { Kafka, logLevel, Partitioners, type Admin, type Producer, type LogEntry } from 'kafkajs';
import type { Logger } from '@dx/observability';
import { misconfigurationOf, type KafkaClientSecurity } from './kafka.security';
import { withTimeout } from './timeout';

// We set the partitioner explicitly below; the v2 migration notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** How the platform reaches Kafka. `topicPrefix` isolates test runs and shared clusters. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and consumer group name, e.g. `t42.`; empty in production. */
  topicPrefix?: string;
  /** TLS and SASL (see kafka.security.ts); absent means plaintext, the local default. */
  security?: KafkaClientSecurity;
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
      ...(settings.security?.ssl ? { ssl: settings.security.ssl } : {}),
      ...(settings.security?.sasl ? { sasl: settings.security.sasl } : {}),
    });
  }

  /**
   * At boot: connects once, without retries. Refused credentials or an untrusted broker
   * certificate throw a {@link KafkaConfigurationError} naming the setting, so the service stops
   * before it listens; an unreachable broker only returns `false` (an outage: the service starts,
   * reports Kafka as down and keeps retrying).
   */
  async verify(timeoutMs = 10_000): Promise<boolean> {
    const probe = new Kafka({
      clientId: `${this.settings.clientId}-boot-check`,
      brokers: this.settings.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: Math.min(timeoutMs, 5000),
      ...(this.settings.security?.ssl ? { ssl: this.settings.security.ssl } : {}),
      ...(this.settings.security?.sasl ? { sasl: this.settings.security.sasl } : {}),
    }).admin();
    try {
      await probe.connect();
      await probe.describeCluster();
      return true;
    } catch (err) {
      const bad = this.settings.security && misconfigurationOf(err, this.settings.security);
      if (bad) throw bad;
      return false;
    } finally {
      await probe.disconnect().catch(() => undefined);
    }
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

  /**
   * Drops a producer after a failed or abandoned send (see KafkaPublisher.publish): the next
   * publish starts a new one, with a new producer id. Only `used` is dropped: another publish may
   * already have replaced it.
   */
  async discardProducer(used: Producer): Promise<void> {
    const current = this.producer;
    if (current && (await current.catch(() => undefined)) === used && this.producer === current)
      this.producer = undefined;
    await withTimeout(used.disconnect(), 5000, 'Kafka producer disconnect').catch(() => undefined);
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
