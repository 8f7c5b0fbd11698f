import { Kafka, logLevel } from 'kafkajs';
import { stopLocalInfra } from './infra';

/** Topics and groups the tests create (random prefixes and suffixes), never the platform's own. */
const TEST_NAME = /^(t[0-9a-f]{8}\.|(cli|test|reader)\.[0-9a-f]{8}$)/;

/**
 * Removes what the tests created on a broker that outlives the run (a developer's running stack),
 * then stops only what global setup started.
 */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const brokers = process.env.DX_KAFKA_BROKERS;
  if (brokers && !g.__dxStartedLocal && !g.__dxContainers) {
    const admin = new Kafka({
      clientId: 'dx-tests-cleanup',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => TEST_NAME.test(t));
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
      const groups = (await admin.listGroups()).groups
        .map((x) => x.groupId)
        .filter((id) => TEST_NAME.test(id));
      if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    } catch (err) {
      console.warn(`[tests] could not clean up test topics: ${(err as Error).message}`);
    } finally {
      await admin.disconnect();
    }
  }
  const containers = g.__dxContainers as Array<{ stop(): Promise<unknown> }> | undefined;
  if (containers) await Promise.all(containers.map((c) => c.stop()));
  if (g.__dxStartedLocal) stopLocalInfra();
}
