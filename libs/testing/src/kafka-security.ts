import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SASLOptions } from 'kafkajs';
import { testInfra } from './infra';

/** The kafkajs security options of a test client (the shape @dx/messaging's KafkaConnection takes). */
export interface TestKafkaSecurity {
  ssl: { ca: string[] };
  sasl: SASLOptions;
  principal: string;
}

/**
 * The environment a service process needs to reach the test broker as `principal` (`dx-catalog`,
 * …): nothing on the plain broker, TLS + SCRAM settings on the secured one.
 */
export function kafkaClientEnv(principal: string): Record<string, string> {
  const sec = testInfra().kafkaSecurity;
  if (!sec) return {};
  return {
    KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
    KAFKA_SSL_CA_FILE: sec.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD_FILE: join(sec.credentialsDir, `${principal}.password`),
  };
}

/** The same as kafkajs options (undefined on the plain broker). */
export function kafkaTestSecurity(principal: string): TestKafkaSecurity | undefined {
  const sec = testInfra().kafkaSecurity;
  if (!sec) return undefined;
  return {
    ssl: { ca: [readFileSync(sec.caFile, 'utf8')] },
    sasl: {
      mechanism: 'scram-sha-512',
      username: principal,
      password: readFileSync(join(sec.credentialsDir, `${principal}.password`), 'utf8').trim(),
    },
    principal: `User:${principal}`,
  };
}
