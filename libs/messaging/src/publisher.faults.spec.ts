import { freePort, PrivateKafka, readTopic, TcpProxy, waitFor } from '@dx/testing';
import { Kafka, logLevel } from 'kafkajs';
import { fixtureLogger } from './__fixtures__/messaging-fixture';
import { KafkaConnection } from './kafka.connection';
import { provisionTopics } from './provisioning';
import { KafkaPublisher } from './publisher';

/**
 * A publish whose outcome the client never learns (the request reached the broker, the answer did
 * not) must not cost a later, different record. kafkajs's idempotent producer gives the sequence
 * numbers of a failed request back, so the next batch to the partition goes out under the same
 * numbers; if the broker did append the first one, it takes the second for a retry of it,
 * answers "success" with the first one's offset and drops it. The fault tier's broker scenario
 * lost two obligation events this way (CI, stop 24). The publisher therefore never reuses a
 * producer after a failed or abandoned send (docs/adr/2026-12-04-operability-under-failure.md).
 */
const TOPIC = 'publisher.faults';

let broker: PrivateKafka;
let proxy: TcpProxy;
let connection: KafkaConnection;

beforeAll(async () => {
  // Every client reaches the broker through the proxy (it is the address the broker advertises).
  const port = await freePort();
  proxy = new TcpProxy('127.0.0.1', port);
  await proxy.start();
  broker = await PrivateKafka.create({ port, advertisedPort: proxy.port });
  connection = new KafkaConnection(
    { brokers: [`127.0.0.1:${proxy.port}`], clientId: 'publisher-faults' },
    fixtureLogger,
  );
  // One partition: every record shares the producer's one sequence for it.
  await provisionTopics(connection, [
    { name: TOPIC, partitions: 1, cleanupPolicy: 'delete', retentionMs: -1 },
  ]);
});

afterAll(async () => {
  await connection?.close();
  await broker?.destroy();
  await proxy?.close();
});

const record = (value: string) => ({ topic: TOPIC, key: 'k', value, headers: {} });

test('a send whose answer is lost (appended, not acknowledged) costs no later record', async () => {
  const publisher = new KafkaPublisher(connection);
  await publisher.publish([record('before')]);

  proxy.loseAnswers();
  // As the relay bounds a publish: it gives up, releases its rows and claims them again later.
  await expect(publisher.publish([record('unanswered')], { timeoutMs: 3000 })).rejects.toThrow();
  expect(proxy.answersLost).toBeGreaterThan(0);
  proxy.restore();

  await waitFor(
    async () => {
      try {
        await publisher.publish([record('after')], { timeoutMs: 5000 });
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'a publish once answers arrive again' },
  );
  const reader = new Kafka({
    clientId: 'publisher-faults-reader',
    brokers: [`127.0.0.1:${proxy.port}`],
    logLevel: logLevel.NOTHING,
  });
  const values = (await readTopic(TOPIC, 30_000, reader)).map((r) => r.value);
  expect(values.filter((v) => v === 'before')).toHaveLength(1);
  expect(values.filter((v) => v === 'after')).toHaveLength(1);
  // The broker appended the unanswered record (at least once: a resend is a duplicate that the
  // consumers' inbox drops), so it is not lost either.
  expect(values.filter((v) => v === 'unanswered').length).toBeGreaterThanOrEqual(1);
});
