import { KafkaConnection } from './kafka.connection';
import { kafkaSecurityFromEnv, resolveKafkaSecurity } from './kafka.security';
import type { Logger } from '@dx/observability';

/**
 * The connection operator commands use: the stack's broker, topic prefix and security settings,
 * from the environment (`KAFKA_*`, else the `DX_KAFKA_*` that `.local/run/infra.env` holds: on the
 * secured local broker that is the operator principal). Bad credentials stop the command at once.
 */
export async function operatorKafkaConnection(
  clientId: string,
  logger: Logger,
): Promise<KafkaConnection> {
  const connection = new KafkaConnection(
    {
      brokers: (
        process.env.KAFKA_BROKERS ??
        process.env.DX_KAFKA_BROKERS ??
        '127.0.0.1:19092'
      ).split(','),
      clientId,
      topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
      security: resolveKafkaSecurity(kafkaSecurityFromEnv()),
    },
    logger,
  );
  await connection.verify();
  return connection;
}
