import { KafkaConnection } from '@dx/messaging';
import type { Logger } from '@dx/observability';

/** The connection operator commands use: the stack's broker and topic prefix, from the environment. */
export function cliKafkaConnection(clientId: string, logger: Logger): KafkaConnection {
  return new KafkaConnection(
    {
      brokers: (
        process.env.KAFKA_BROKERS ??
        process.env.DX_KAFKA_BROKERS ??
        '127.0.0.1:19092'
      ).split(','),
      clientId,
      topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
    },
    logger,
  );
}
