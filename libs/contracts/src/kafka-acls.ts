import { deadLetterTopic, TOPIC_REGISTRY } from './topics';

/*
 * Kafka principals and ACLs, derived from the topic registry: the one generator behind the local
 * secured broker (tools/cli/kafka-security.ts) and the Strimzi KafkaUser manifests
 * (tools/deploy/k8s.ts). Deny by default: a principal may do only what is listed here.
 *
 *   a service    WRITE its own topics and its dead-letter topics, READ the topics it consumes,
 *                READ its own consumer groups (joining, committing offsets)
 *   dx-inbound   WRITE the topics partner and municipal systems push raw records to
 *   dx-operator  the tooling: create and inspect topics, read and replay any topic, any group
 *
 * Operation names are Kafka's own (AclOperation), so they read the same in `kafka-acls --list`.
 */

export type KafkaAclOperation =
  | 'READ'
  | 'WRITE'
  | 'CREATE'
  | 'DELETE'
  | 'ALTER'
  | 'DESCRIBE'
  | 'DESCRIBE_CONFIGS'
  | 'ALTER_CONFIGS'
  | 'ALL';

export interface KafkaAcl {
  resourceType: 'topic' | 'group' | 'cluster';
  /** `literal` names one resource (`*` is every one); `prefixed` every name that starts with it. */
  patternType: 'literal' | 'prefixed';
  resourceName: string;
  operations: KafkaAclOperation[];
}

export interface KafkaPrincipal {
  /** The SCRAM user name; the broker sees `User:<name>`. */
  name: string;
  /** The app that connects as it, when it is a platform service. */
  app?: string;
  description: string;
  acls: KafkaAcl[];
}

/** Principal of a platform service. */
export const kafkaPrincipalOf = (app: string): string => `dx-${app}`;
export const OPERATOR_KAFKA_PRINCIPAL = 'dx-operator';
export const INBOUND_KAFKA_PRINCIPAL = 'dx-inbound';

/** The platform's services: every app that produces or consumes a registry topic. */
export function kafkaApps(): string[] {
  const apps = new Set<string>();
  for (const t of TOPIC_REGISTRY) {
    if (!t.rawMessage) apps.add(t.producer);
    for (const c of t.consumers) apps.add(c.app);
  }
  return [...apps].sort();
}

function literal(
  resourceType: KafkaAcl['resourceType'],
  names: string[],
  operations: KafkaAclOperation[],
): KafkaAcl[] {
  return [...new Set(names)]
    .sort()
    .map((resourceName) => ({ resourceType, patternType: 'literal', resourceName, operations }));
}

/**
 * Every principal with its ACLs. `prefix` is the topic and group prefix of an isolated run
 * (`KAFKA_TOPIC_PREFIX`): names get it, and the operator's wildcards become prefixed patterns.
 */
export function kafkaPrincipals(prefix = ''): KafkaPrincipal[] {
  const p = (name: string) => `${prefix}${name}`;
  const services = kafkaApps().map((app): KafkaPrincipal => {
    const owned = TOPIC_REGISTRY.filter((t) => !t.rawMessage && t.producer === app).map(
      (t) => t.name,
    );
    const consumed = TOPIC_REGISTRY.filter((t) => t.consumers.some((c) => c.app === app));
    const deadLetters = consumed.map((t) => deadLetterTopic(t.name, app));
    const groups = consumed.flatMap((t) =>
      t.consumers.filter((c) => c.app === app).map((c) => c.group),
    );
    return {
      name: kafkaPrincipalOf(app),
      app,
      description: `the ${app} service`,
      acls: [
        // WRITE lets the idempotent producer get its producer id as well (KIP-679).
        ...literal('topic', [...owned, ...deadLetters].map(p), ['WRITE', 'DESCRIBE']),
        ...literal(
          'topic',
          consumed.map((t) => p(t.name)),
          ['READ', 'DESCRIBE'],
        ),
        ...literal('group', groups.map(p), ['READ', 'DESCRIBE']),
      ],
    };
  });
  const wildcard = (resourceType: 'topic' | 'group', operations: KafkaAclOperation[]): KafkaAcl =>
    prefix
      ? { resourceType, patternType: 'prefixed', resourceName: prefix, operations }
      : { resourceType, patternType: 'literal', resourceName: '*', operations };
  return [
    ...services,
    {
      name: INBOUND_KAFKA_PRINCIPAL,
      description: 'trusted municipal and partner systems that push deliveries over Kafka',
      acls: literal(
        'topic',
        TOPIC_REGISTRY.filter((t) => t.rawMessage).map((t) => p(t.name)),
        ['WRITE', 'DESCRIBE'],
      ),
    },
    {
      name: OPERATOR_KAFKA_PRINCIPAL,
      description:
        'operators and their tooling: topic provisioning, the Kafka CLI, dead-letter replay, read-model rebuilds',
      acls: [
        wildcard('topic', ['ALL']),
        wildcard('group', ['ALL']),
        // Creating topics and reading the cluster's configuration are cluster operations.
        {
          resourceType: 'cluster',
          patternType: 'literal',
          resourceName: 'kafka-cluster',
          operations: ['CREATE', 'DESCRIBE', 'DESCRIBE_CONFIGS'],
        },
      ],
    },
  ];
}
