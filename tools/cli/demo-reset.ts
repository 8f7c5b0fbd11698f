/**
 * Deletes the platform's topics and its services' consumer groups on the local broker, so the demo
 * can be loaded again from nothing (`npm run demo`; the apps are stopped and the database dropped
 * by tools/dx.sh first). Topics come back with `provision-topics`.
 */
import { operatorKafkaConnection } from '@dx/messaging';
import { allTopicSpecs } from '@dx/contracts';
import { createLogger } from '@dx/observability';
import { APPS } from './apps';

async function main(): Promise<void> {
  const connection = await operatorKafkaConnection('dx-demo-reset', createLogger('demo-reset'));
  try {
    const admin = await connection.getAdmin();
    const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
    const ours = new Set(allTopicSpecs().map((t) => `${prefix}${t.name}`));
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => APPS.some((a) => g.startsWith(`${prefix}${a.name}.`)));
    if (groups.length) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => ours.has(t));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    // Deletion completes in the background; creating a topic again before that fails.
    const deadline = Date.now() + 60_000;
    while ((await admin.listTopics()).some((t) => ours.has(t))) {
      if (Date.now() > deadline) throw new Error('topics were not deleted within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(
      `[demo] reset: ${topics.length} topics and ${groups.length} consumer groups deleted`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error('[demo] reset failed:', err);
  process.exit(1);
});
