import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';
import type { KafkaPrincipal } from '@dx/contracts';
import type { KafkaConnection } from './kafka.connection';

const RESOURCE: Record<string, AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};

/** The generated ACLs (libs/contracts) as Kafka's own entries: one per principal, resource, operation. */
export function aclEntries(principals: KafkaPrincipal[]): AclEntry[] {
  return principals.flatMap((p) =>
    p.acls.flatMap((a) =>
      a.operations.map((op): AclEntry => ({
        principal: `User:${p.name}`,
        host: '*',
        resourceType: RESOURCE[a.resourceType],
        resourceName: a.resourceName,
        resourcePatternType:
          a.patternType === 'prefixed'
            ? ResourcePatternTypes.PREFIXED
            : ResourcePatternTypes.LITERAL,
        operation: AclOperationTypes[op],
        permissionType: AclPermissionTypes.ALLOW,
      })),
    ),
  );
}

/**
 * Creates the ACLs on the cluster (idempotent: an ACL that exists is left as it is). Needs a
 * principal allowed to alter the cluster's ACLs (the local broker's `dx-admin`). On Kubernetes the
 * Strimzi User Operator applies the same list from each KafkaUser instead.
 */
export async function applyKafkaAcls(
  connection: KafkaConnection,
  principals: KafkaPrincipal[],
): Promise<number> {
  const admin = await connection.getAdmin();
  const entries = aclEntries(principals);
  for (let i = 0; i < entries.length; i += 200)
    await admin.createAcls({ acl: entries.slice(i, i + 200) });
  return entries.length;
}
