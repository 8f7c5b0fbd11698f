/**
 * The local secured broker's principals and ACLs (called by tools/local-infra/infra.sh):
 *   kafka-security.ts principals   the SCRAM users to create, one per line
 *   kafka-security.ts apply        create the generated ACLs, connected as the broker's admin
 * Both come from the topic registry (libs/contracts/src/kafka-acls.ts), like the KafkaUser manifests.
 */
import { kafkaPrincipals } from '@dx/contracts';
import {
  applyKafkaAcls,
  KafkaConnection,
  kafkaSecurityFromEnv,
  resolveKafkaSecurity,
} from '@dx/messaging';
import { createLogger } from '@dx/observability';

async function main(): Promise<void> {
  const cmd = process.argv[2];
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  if (cmd === 'principals') {
    for (const p of kafkaPrincipals(prefix)) console.log(p.name);
    return;
  }
  if (cmd !== 'apply') throw new Error('usage: kafka-security.ts principals|apply');
  const connection = new KafkaConnection(
    {
      brokers: (
        process.env.KAFKA_BROKERS ??
        process.env.DX_KAFKA_BROKERS ??
        '127.0.0.1:19094'
      ).split(','),
      clientId: 'dx-acl-setup',
      security: resolveKafkaSecurity(kafkaSecurityFromEnv()),
    },
    createLogger('kafka-security'),
  );
  try {
    const n = await applyKafkaAcls(connection, kafkaPrincipals(prefix));
    console.log(
      `[kafka-security] ${n} ACL entries in place for ${kafkaPrincipals(prefix).length} principals`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(`[kafka-security] failed: ${(err as Error).message}`);
  process.exit(1);
});
