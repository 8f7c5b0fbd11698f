import { allTopicSpecs } from '@dx/contracts';
import type { KafkaConnection } from './kafka.connection';

export interface TopicToCreate {
  name: string;
  partitions: number;
  cleanupPolicy: 'delete' | 'compact';
  retentionMs: number;
}

export interface ProvisionReport {
  created: string[];
  existing: string[];
  /** Existing topics with fewer partitions than declared (partitions are added) . */
  grown: string[];
}

/**
 * Creates the topics the registry declares (dead-letter topics included). Idempotent: existing
 * topics are left alone except that missing partitions are added.
 */
export async function provisionTopics(
  connection: KafkaConnection,
  specs: TopicToCreate[] = allTopicSpecs(),
): Promise<ProvisionReport> {
  const admin = await connection.getAdmin();
  const existing = new Set(await admin.listTopics());
  const report: ProvisionReport = { created: [], existing: [], grown: [] };
  const toCreate = specs.filter((s) => !existing.has(connection.name(s.name)));
  if (toCreate.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: toCreate.map((s) => ({
        topic: connection.name(s.name),
        numPartitions: s.partitions,
        replicationFactor: -1, // the broker default: 1 locally, 3 in production clusters
        configEntries: [
          { name: 'cleanup.policy', value: s.cleanupPolicy },
          { name: 'retention.ms', value: String(s.retentionMs) },
        ],
      })),
    });
    report.created.push(...toCreate.map((s) => s.name));
  }
  const present = specs.filter((s) => existing.has(connection.name(s.name)));
  if (present.length) {
    const meta = await admin.fetchTopicMetadata({
      topics: present.map((s) => connection.name(s.name)),
    });
    for (const s of present) {
      const t = meta.topics.find((m) => m.name === connection.name(s.name));
      report.existing.push(s.name);
      if (t && t.partitions.length < s.partitions) {
        await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: s.partitions }] });
        report.grown.push(s.name);
      }
    }
  }
  return report;
}
