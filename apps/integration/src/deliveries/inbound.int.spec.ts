/*
 * Deliveries pushed over Kafka (integration.inbound.v1) against the real broker and database: same
 * validation and storage as REST, applied once per delivery key, poison records dead-lettered while
 * the partition keeps moving.
 */
import { deadLetterTopic, Header, Topics } from '@dx/contracts';
import { produceRaw, readTopic, testKafka, waitFor } from '@dx/testing';
import { IntegrationHarness } from '../../test/integration-harness';

let h: IntegrationHarness;
let provider: { id: string; token: string };
let datasetId: string;

interface DeliveryRow {
  id: string;
  channel: string;
  format: string;
  received: number;
  accepted: number;
  quarantined: number;
}

const deliveries = () =>
  h.sql<DeliveryRow>(
    `SELECT id, channel, format, received, accepted, quarantined FROM integration.deliveries WHERE dataset_id = $1 ORDER BY received_at`,
    [datasetId],
  );

const push = (value: string, headers: Record<string, string>, key = datasetId) =>
  produceRaw(`${h.prefix}${Topics.integrationInbound}`, [{ key, value, headers, partition: 0 }]);

beforeAll(async () => {
  h = await IntegrationHarness.start({ CONSUMER_MAX_ATTEMPTS: '2' });
  provider = await h.participant();
  datasetId = await h.publishDataset(provider.id);
});

afterAll(async () => {
  await h?.close();
});

it('stores a pushed NDJSON delivery like a REST one and commits the offset after it', async () => {
  const body = [
    { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 1520 },
    { district: 'Medeu', hour: '2026-03-02T10:00:00Z', people: -3 },
    { district: 'Auezov', hour: '2026-03-02T10:00:00Z', people: 640 },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');
  await push(body, { [Header.providerId]: provider.id, [Header.deliveryKey]: 'hour-10' });
  const [row] = await waitFor(deliveries, {
    until: (rows) => rows.length === 1,
    what: 'the pushed delivery stored',
  });
  expect(row).toEqual(
    expect.objectContaining({
      channel: 'kafka',
      format: 'ndjson',
      received: 3,
      accepted: 2,
      quarantined: 1,
    }),
  );
  const quarantine = await h.sql<{ line: number }>(
    `SELECT line FROM integration.quarantine WHERE delivery_id = $1`,
    [row.id],
  );
  expect(quarantine).toEqual([{ line: 2 }]);
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const committed = await waitFor(
      async () =>
        (
          await admin.fetchOffsets({
            groupId: `${h.prefix}integration.inbound`,
            topics: [`${h.prefix}${Topics.integrationInbound}`],
          })
        )[0].partitions.find((p) => p.partition === 0)?.offset,
      { until: (o) => o === '1', what: 'the inbound offset committed' },
    );
    expect(committed).toBe('1');
  } finally {
    await admin.disconnect();
  }
});

it('applies a redelivered record with the same delivery key once', async () => {
  const body = JSON.stringify({ district: 'Bostandyk', hour: '2026-03-02T11:00:00Z', people: 9 });
  await push(body, { [Header.providerId]: provider.id, [Header.deliveryKey]: 'hour-11' });
  await push(body, { [Header.providerId]: provider.id, [Header.deliveryKey]: 'hour-11' });
  // A third record after them proves both were consumed before we count.
  await push('district,hour,people\nTurksib,2026-03-02T12:00:00Z,4\n', {
    [Header.providerId]: provider.id,
    [Header.contentType]: 'text/csv',
  });
  const rows = await waitFor(deliveries, {
    until: (r) => r.some((d) => d.format === 'csv'),
    what: 'the CSV delivery stored',
  });
  expect(rows.map((d) => [d.format, d.accepted])).toEqual([
    ['ndjson', 2],
    ['ndjson', 1],
    ['csv', 1],
  ]);
});

it('dead-letters a record from the wrong provider or with no dataset, and keeps going', async () => {
  const stranger = await h.participant();
  const body = JSON.stringify({ district: 'Alatau', hour: '2026-03-02T13:00:00Z', people: 1 });
  await push(body, { [Header.providerId]: stranger.id });
  await push(body, { [Header.providerId]: provider.id }, 'not-a-dataset');
  await push(body, { [Header.providerId]: provider.id, [Header.deliveryKey]: 'hour-13' });
  const rows = await waitFor(deliveries, {
    until: (r) => r.length === 4,
    what: 'the good record after the poison ones stored',
  });
  expect(rows[3].accepted).toBe(1);
  const dlq = await waitFor(
    () => readTopic(`${h.prefix}${deadLetterTopic(Topics.integrationInbound, 'integration')}`),
    { until: (r) => r.length === 2, what: 'two dead letters' },
  );
  // The test creates dead-letter topics with several partitions: compare as a set.
  expect(
    dlq
      .map((r) => [r.headers[Header.dlqErrorCode], r.value, r.headers[Header.dlqSourceTopic]])
      .sort(),
  ).toEqual([
    ['DELIVERY.NOT_PROVIDER', body, Topics.integrationInbound],
    ['INBOUND.UNADDRESSED', body, Topics.integrationInbound],
  ]);
});
