import { allTopicSpecs } from '@dx/contracts';
import type { Admin } from 'kafkajs';
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
      // kafkajs' own wait retries only LEADER_NOT_AVAILABLE; a KRaft broker may first answer
      // UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created (CI saw it), so we wait below.
      waitForLeaders: false,
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
    await waitForTopicLeaders(
      admin,
      toCreate.map((s) => ({ topic: connection.name(s.name), partitions: s.partitions })),
    );
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

/**
 * Polls metadata until every partition of each topic has a leader. Right after CreateTopics the
 * broker may still answer UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE; both are tolerated
 * until the deadline, so the first produce or fetch on a new topic does not race the election.
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: Array<{ topic: string; partitions: number }>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no metadata yet';
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      const notReady = topics.filter((t) => {
        const m = meta.topics.find((x) => x.name === t.topic);
        return (
          !m ||
          m.partitions.length < t.partitions ||
          m.partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0)
        );
      });
      if (notReady.length === 0) {
        // The leader answering ListOffsets for every partition means it has loaded them: metadata
        // can name a leader before that, and a produce then fails with UNKNOWN_TOPIC_OR_PARTITION.
        for (const t of topics) await admin.fetchTopicOffsets(t.topic);
        return;
      }
      lastProblem = `no leader yet for ${notReady.map((t) => t.topic).join(', ')}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics not ready after ${timeoutMs} ms: ${lastProblem}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
