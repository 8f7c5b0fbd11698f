import { randomUUID } from 'node:crypto';
import { Topics } from '@dx/contracts';
import { IntegrationHarness } from '../../test/integration-harness';

/*
 * Per-dataset settings against the real database and broker: the validity threshold decides
 * rejection, cross-source agreement is measured against the overlapping dataset's current records
 * (hand-computed), and only the provider or an operator sets them, with field-level 400s.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let presence: string;
let cityCounts: string;

interface DeliveryBody {
  deliveryId: string;
  status: string;
  counts: Record<string, number>;
  quality: Record<string, number | null>;
}

const ndjson = (...records: Array<Record<string, unknown>>): string =>
  records.map((r) => JSON.stringify(r)).join('\n');

const deliver = (datasetId: string, token: string, body: string) =>
  h.call<DeliveryBody>('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token,
    raw: body,
    headers: { 'content-type': 'application/x-ndjson' },
  });

const put = (datasetId: string, token: string, body: unknown) =>
  h.call<Record<string, unknown>>('PUT', `/v1/datasets/${datasetId}/settings`, { token, body });

const hour = '2026-03-02T10:00:00Z';

beforeAll(async () => {
  h = await IntegrationHarness.start();
  telecom = await h.participant();
  city = await h.participant();
  presence = await h.publishDataset(telecom.id);
  cityCounts = await h.publishDataset(city.id);
});

afterAll(async () => {
  await h?.close();
});

it('rejects a delivery under the dataset’s own validity threshold, which the provider sets', async () => {
  const fourOfFive = ndjson(
    { district: 'A1', hour, people: 1 },
    { district: 'A2', hour, people: 2 },
    { district: 'A3', hour, people: 3 },
    { district: 'A4', hour, people: 4 },
    { district: 'A5', hour, people: -5 },
  );
  const before = await h.call('GET', `/v1/datasets/${presence}/settings`, { token: telecom.token });
  expect(before.body).toEqual({
    datasetId: presence,
    minValidity: 0.5,
    retentionDays: null,
    crossSource: null,
  });
  const set = await put(presence, telecom.token, { minValidity: 0.9, retentionDays: 30 });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ minValidity: 0.9, retentionDays: 30, crossSource: null });

  const res = await deliver(presence, telecom.token, fourOfFive);
  expect(res.body.status).toBe('rejected');
  expect(res.body).toMatchObject({ reason: expect.stringContaining('< 0.9') });
  expect(
    await h.sql(`SELECT 1 FROM integration.records WHERE dataset_id = $1`, [presence]),
  ).toHaveLength(0);

  await put(presence, telecom.token, { minValidity: 0.8 });
  const again = await deliver(presence, telecom.token, fourOfFive);
  expect(again.body.status).toBe('accepted');
  expect(again.body.counts).toMatchObject({ accepted: 4, quarantined: 1 });
});

it('answers 400 naming each bad field, 404 to another participant, and lets an operator set them', async () => {
  const bad = await put(presence, telecom.token, {
    minValidity: 2,
    retentionDays: 0,
    crossSource: { datasetId: 'x', match: [], compare: [{ field: 'people' }] },
  });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toContain('application/problem+json');
  const paths = (bad.body.errors as Array<{ path: string }>).map((e) => e.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'minValidity',
      'retentionDays',
      'crossSource.datasetId',
      'crossSource.match',
      'crossSource.compare[0].otherField',
    ]),
  );
  const unknownField = await put(presence, telecom.token, {
    crossSource: {
      datasetId: cityCounts,
      match: [{ field: 'district', otherField: 'borough' }],
      compare: [{ field: 'size', otherField: 'people' }],
    },
  });
  expect(unknownField.status).toBe(400);
  expect(unknownField.body.errors).toEqual([
    { path: 'crossSource.match[0].otherField', message: `is not a field of dataset ${cityCounts}` },
    { path: 'crossSource.compare[0].field', message: `is not a field of dataset ${presence}` },
  ]);

  expect((await put(presence, city.token, { minValidity: 0.1 })).status).toBe(404);
  expect((await put(randomUUID(), telecom.token, { minValidity: 0.1 })).status).toBe(404);
  const operatorId = randomUUID();
  const operator = await h.token(operatorId, ['operator']);
  const byOperator = await put(presence, operator, { minValidity: 0.7 });
  expect(byOperator.status).toBe(200);
  expect(byOperator.body.minValidity).toBe(0.7);
  const stored = await h.sql<{ updated_by: string }>(
    `SELECT updated_by FROM integration.dataset_settings WHERE dataset_id = $1`,
    [presence],
  );
  expect(stored).toEqual([{ updated_by: operatorId }]);
});

it('measures cross-source agreement against the overlapping dataset the provider may read', async () => {
  const crossSource = {
    datasetId: cityCounts,
    match: [
      { field: 'district', otherField: 'district' },
      { field: 'hour', otherField: 'hour' },
    ],
    compare: [{ field: 'people', otherField: 'people', tolerance: 0.1, relative: true }],
  };
  // Without an agreement on the city's dataset the telecom may not compare against it.
  const refused = await put(presence, telecom.token, { crossSource });
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toContain(`no agreement on dataset ${cityCounts}`);

  await h.agreement({
    datasetId: cityCounts,
    providerId: city.id,
    consumerId: telecom.id,
    fields: ['district', 'hour', 'people'],
  });
  expect((await put(presence, telecom.token, { crossSource })).status).toBe(200);

  await deliver(
    cityCounts,
    city.token,
    ndjson(
      { district: 'Almaly', hour, people: 100 },
      { district: 'Medeu', hour, people: 50 },
      { district: 'Turksib', hour, people: 10 },
    ),
  );
  // Almaly 105 vs 100: |5| ≤ 0.1 × 105 agrees; Medeu 70 vs 50: |20| > 7 does not; Auezov has no
  // counterpart; the invalid record is not compared. 1 of 2 matched agree.
  const res = await deliver(
    presence,
    telecom.token,
    ndjson(
      { district: 'Almaly', hour, people: 105 },
      { district: 'Medeu', hour, people: 70 },
      { district: 'Auezov', hour, people: 70 },
      { district: 'Turksib', hour, people: -1 },
    ),
  );
  expect(res.body.status).toBe('accepted');
  expect(res.body.quality.crossSourceAgreement).toBe(0.5);
  const [, completed] = (await h.publishedEvents(presence, Topics.integrationDelivery)).filter(
    (e) => (e.data as { deliveryId: string }).deliveryId === res.body.deliveryId,
  );
  expect(completed.data).toMatchObject({ quality: { crossSourceAgreement: 0.5 } });

  const none = await deliver(
    presence,
    telecom.token,
    ndjson({ district: 'Nowhere', hour, people: 1 }),
  );
  expect(none.body.quality.crossSourceAgreement).toBeNull();
});
