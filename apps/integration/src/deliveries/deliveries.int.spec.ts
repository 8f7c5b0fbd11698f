import { Topics } from '@dx/contracts';
import { IntegrationHarness } from '../../test/integration-harness';

/*
 * REST deliveries against the real database and broker: NDJSON, CSV and JSON with mixed records,
 * exact counts, quarantine details and hand-computed quality; history and unchanged detection;
 * rejection under the validity threshold; idempotent retries; refusals with the right status.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let datasetId: string;

interface DeliveryBody {
  deliveryId: string;
  status: string;
  counts: { received: number; accepted: number; quarantined: number; unchanged: number };
  quality: Record<string, number | null>;
}

const ndjson = (...records: Array<Record<string, unknown> | string>): string =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

function deliver(
  body: string,
  contentType = 'application/x-ndjson',
  headers: Record<string, string> = {},
  token = telecom.token,
) {
  return h.call<DeliveryBody>('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token,
    raw: body,
    headers: { 'content-type': contentType, ...headers },
  });
}

const current = () =>
  h.sql<{ record_key: string; people: number }>(
    `SELECT record_key, (data->>'people')::int AS people FROM integration.records WHERE dataset_id = $1 AND valid_to IS NULL ORDER BY record_key`,
    [datasetId],
  );

beforeAll(async () => {
  h = await IntegrationHarness.start();
  telecom = await h.participant();
  datasetId = await h.publishDataset(telecom.id);
});

afterAll(async () => {
  await h?.close();
});

const almaly = { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 120 };
const bostandyk = { district: 'Bostandyk', hour: '2026-03-02T11:00:00Z', people: 7, note: 'x' };

it('accepts an NDJSON delivery of mixed records with exact counts, quarantine and quality', async () => {
  const res = await deliver(
    ndjson(
      { ...almaly, people: 100 },
      { district: 'Medeu', hour: '2026-03-02T10:00:00Z', people: -1 },
      '',
      almaly,
      bostandyk,
      { hour: 'bad' },
    ),
  );
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('accepted');
  expect(res.body.counts).toEqual({ received: 5, accepted: 3, quarantined: 2, unchanged: 0 });
  // Hand-computed: mandatory cells 13/15, bad cells 2 of 14 present, 1 duplicate key of 5, no
  // future times, no agreed freshness.
  expect(res.body.quality).toEqual({
    completeness: 0.866667,
    validity: 0.857143,
    uniqueness: 0.8,
    consistency: 1,
    currentness: null,
    crossSourceAgreement: null,
  });
  expect(await current()).toEqual([
    { record_key: JSON.stringify(['Almaly', almaly.hour]), people: 120 },
    { record_key: JSON.stringify(['Bostandyk', bostandyk.hour]), people: 7 },
  ]);
  const q = await h.call<{ items: Array<{ line: number; errors: Array<{ path: string }> }> }>(
    'GET',
    `/v1/deliveries/${res.body.deliveryId}/quarantine`,
    { token: telecom.token },
  );
  expect(q.body.items.map((i) => [i.line, i.errors.map((e) => e.path).sort()])).toEqual([
    [2, ['/people']],
    [6, ['/district', '/hour', '/people']],
  ]);
  const [receipt, event] = (await h.publishedEvents(datasetId, Topics.integrationDelivery)).filter(
    (e) => (e.data as { deliveryId: string }).deliveryId === res.body.deliveryId,
  );
  expect(receipt.type).toBe('integration.delivery.received');
  expect(receipt.data).toEqual(
    expect.objectContaining({
      channel: 'rest',
      format: 'ndjson',
      records: res.body.counts.received,
    }),
  );
  expect(event.type).toBe('integration.delivery.completed');
  expect(event.data).toEqual(
    expect.objectContaining({
      records: res.body.counts,
      quality: res.body.quality,
      channel: 'rest',
    }),
  );
});

it('skips unchanged records and keeps history for changed ones', async () => {
  const same = await deliver(ndjson(almaly, bostandyk));
  expect(same.body.counts).toEqual({ received: 2, accepted: 0, quarantined: 0, unchanged: 2 });
  const changed = await deliver(ndjson({ ...almaly, people: 130 }, bostandyk));
  expect(changed.body.counts).toEqual({ received: 2, accepted: 1, quarantined: 0, unchanged: 1 });
  const history = await h.sql<{ people: number; current: boolean }>(
    `SELECT (data->>'people')::int AS people, valid_to IS NULL AS current FROM integration.records
     WHERE dataset_id = $1 AND record_key = $2 ORDER BY id`,
    [datasetId, JSON.stringify(['Almaly', almaly.hour])],
  );
  expect(history).toEqual([
    { people: 120, current: false },
    { people: 130, current: true },
  ]);
});

it('types CSV by the schema and names the line of each refused row; reads JSON arrays', async () => {
  const csv = [
    'district,hour,people,note',
    'Medeu,2026-03-02T12:00:00Z,42,',
    'Auezov,2026-03-02T12:00:00Z,many,',
    'Almaly,2026-03-02T12:00:00Z,9,"a, b"',
  ].join('\n');
  const res = await deliver(csv, 'text/csv');
  expect(res.body.counts).toEqual({ received: 3, accepted: 2, quarantined: 1, unchanged: 0 });
  const q = await h.call<{
    items: Array<{ line: number; errors: Array<{ path: string; message: string }> }>;
  }>('GET', `/v1/deliveries/${res.body.deliveryId}/quarantine`, { token: telecom.token });
  expect(q.body.items).toEqual([
    expect.objectContaining({ line: 3, errors: [{ path: '/people', message: 'must be integer' }] }),
  ]);
  const json = await deliver(
    JSON.stringify([{ district: 'Turksib', hour: '2026-03-02T12:00:00Z', people: 1 }]),
    'application/json',
  );
  expect(json.body.counts).toEqual({ received: 1, accepted: 1, quarantined: 0, unchanged: 0 });
});

it('rejects a delivery whole when too few records are valid, storing nothing but its report', async () => {
  const before = await current();
  const res = await deliver(
    ndjson({ ...almaly, people: 999 }, { people: -1 }, { people: -2 }, { people: -3 }),
  );
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('rejected');
  expect(res.body.counts).toEqual({ received: 4, accepted: 0, quarantined: 3, unchanged: 0 });
  expect(await current()).toEqual(before);
  const events = await h.publishedEvents(datasetId, Topics.integrationDelivery);
  expect(
    events
      .filter((e) => (e.data as { deliveryId: string }).deliveryId === res.body.deliveryId)
      .map((e) => e.type),
  ).toEqual(['integration.delivery.received', 'integration.delivery.rejected']);
});

it('returns the first result for a retry with the same key and applies the delivery once', async () => {
  const body = ndjson({ district: 'Nauryzbay', hour: '2026-03-02T13:00:00Z', people: 3 });
  const first = await deliver(body, 'application/x-ndjson', {
    'idempotency-key': 'nightly-2026-03-02',
  });
  const again = await deliver(body, 'application/x-ndjson', {
    'idempotency-key': 'nightly-2026-03-02',
  });
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.deliveryId).toBe(first.body.deliveryId);
  const rows = await h.sql(
    `SELECT 1 FROM integration.deliveries WHERE dataset_id = $1 AND id = $2`,
    [datasetId, first.body.deliveryId],
  );
  expect(rows).toHaveLength(1);
  const byParam = await h.call<DeliveryBody>(
    'POST',
    `/v1/datasets/${datasetId}/deliveries?deliveryId=nightly-2026-03-02`,
    {
      token: telecom.token,
      raw: body,
      headers: { 'content-type': 'application/x-ndjson' },
    },
  );
  expect(byParam.body.deliveryId).toBe(first.body.deliveryId);
});

it('answers malformed input with 400 and its line, a wrong type with 415, another participant with 403', async () => {
  const malformed = await deliver(ndjson(almaly, '{"district": "Almaly",'));
  expect(malformed.status).toBe(400);
  expect(malformed.body).toEqual(expect.objectContaining({ code: 'DELIVERY.MALFORMED', line: 2 }));
  const badCsv = await deliver(
    'district,hour,people\nMedeu,2026-03-02T12:00:00Z,1,extra\n',
    'text/csv',
  );
  expect(badCsv.status).toBe(400);
  expect(badCsv.body).toEqual(expect.objectContaining({ line: 2 }));
  expect((await deliver('<records/>', 'application/xml')).status).toBe(415);
  const other = await h.participant();
  expect((await deliver(ndjson(almaly), 'application/x-ndjson', {}, other.token)).status).toBe(403);
  const rows = await h.sql(`SELECT 1 FROM integration.deliveries WHERE provider_id = $1`, [
    other.id,
  ]);
  expect(rows).toHaveLength(0);
});

it('refuses a delivery with invalid UTF-8, naming its line, and quarantines a record with a NUL character', async () => {
  const before = await h.sql(`SELECT id FROM integration.deliveries WHERE dataset_id = $1`, [
    datasetId,
  ]);
  const invalid = Buffer.concat([
    Buffer.from(`${JSON.stringify(almaly)}\n{"district":"Medeu`),
    Buffer.from([0xc3, 0x28]), // a lead byte without its continuation
    Buffer.from(`","hour":"2026-03-02T12:00:00Z","people":3}\n`),
  ]);
  const refused = await h.call('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token: telecom.token,
    raw: invalid,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(refused.status).toBe(400);
  expect(refused.body).toEqual(expect.objectContaining({ code: 'DELIVERY.MALFORMED', line: 2 }));
  const csv = Buffer.concat([
    Buffer.from('district,hour,people\nMedeu,2026-03-02T12:00:00Z,1\n'),
    Buffer.from([0xff]),
    Buffer.from('Almaly,2026-03-02T12:00:00Z,2\n'),
  ]);
  const refusedCsv = await h.call('POST', `/v1/datasets/${datasetId}/deliveries`, {
    token: telecom.token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(refusedCsv.body).toEqual(expect.objectContaining({ code: 'DELIVERY.MALFORMED', line: 3 }));
  const after = await h.sql(`SELECT id FROM integration.deliveries WHERE dataset_id = $1`, [
    datasetId,
  ]);
  expect(after).toHaveLength(before.length);
  expect(
    await h.sql(
      `SELECT 1 FROM integration.records WHERE data::text LIKE '%\\ufffd%' OR data::text LIKE '%�%'`,
    ),
  ).toEqual([]);

  const withNul = await deliver(
    ndjson(
      { district: 'Nauryzbay', hour: '2026-03-02T13:00:00Z', people: 4 },
      { district: 'Tur\u0000ksib', hour: '2026-03-02T13:00:00Z', people: 5 },
    ),
  );
  expect(withNul.status).toBe(201);
  expect(withNul.body.counts).toEqual(expect.objectContaining({ accepted: 1, quarantined: 1 }));
  const q = await h.call<{ items: Array<{ line: number; errors: Array<{ path: string }> }> }>(
    'GET',
    `/v1/deliveries/${withNul.body.deliveryId}/quarantine`,
    { token: telecom.token },
  );
  expect(q.body.items.map((i) => [i.line, i.errors.map((e) => e.path)])).toEqual([
    [2, ['/district']],
  ]);
});

describe('applying against a larger store', () => {
  let bulk: string;
  const rows = (n: number, from = 0, people = (i: number) => i) =>
    Array.from({ length: n }, (_, k) => {
      const i = from + k;
      return JSON.stringify({ district: `D${i}`, hour: '2026-03-03T10:00:00Z', people: people(i) });
    }).join('\n');
  const deliverTo = (body: string) =>
    h.call<DeliveryBody>('POST', `/v1/datasets/${bulk}/deliveries`, {
      token: telecom.token,
      raw: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
  const counts = () =>
    h.sql<{ current: number; history: number }>(
      `SELECT count(*) FILTER (WHERE valid_to IS NULL)::int AS current, count(*) FILTER (WHERE valid_to IS NOT NULL)::int AS history
       FROM integration.records WHERE dataset_id = $1`,
      [bulk],
    );

  beforeAll(async () => {
    bulk = await h.publishDataset(telecom.id);
  });

  it('compares a large delivery by join and a small one by index probe, with the same results', async () => {
    expect((await deliverTo(rows(25_000))).body.counts.accepted).toBe(25_000);
    // Large (join path): every fifth record changes.
    const big = await deliverTo(rows(25_000, 0, (i) => (i % 5 === 0 ? i + 1 : i)));
    expect(big.body.counts).toEqual({
      received: 25_000,
      accepted: 5_000,
      quarantined: 0,
      unchanged: 20_000,
    });
    expect(await counts()).toEqual([{ current: 25_000, history: 5_000 }]);
    // Small (probe path): 300 known records of which 100 change, and 200 new ones.
    const small = await deliverTo(
      rows(300, 1_000, (i) => (i % 3 === 0 ? i + 7 : i % 5 === 0 ? i + 1 : i)) +
        '\n' +
        rows(200, 30_000),
    );
    expect(small.body.counts).toEqual({
      received: 500,
      accepted: 300,
      quarantined: 0,
      unchanged: 200,
    });
    expect(await counts()).toEqual([{ current: 25_200, history: 5_100 }]);
  });

  it('applies concurrent deliveries to one dataset one after the other, one current row per key', async () => {
    const [a, b] = await Promise.all([
      deliverTo(rows(400, 40_000, () => 1)),
      deliverTo(rows(400, 40_200, () => 2)),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const overlap = await h.sql<{ n: number; current: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE valid_to IS NULL)::int AS current FROM integration.records
       WHERE dataset_id = $1 AND data->>'district' IN (SELECT 'D' || g FROM generate_series(40200, 40399) g)`,
      [bulk],
    );
    // The 200 shared keys: written by both, so one current row and one history row each.
    expect(overlap).toEqual([{ n: 400, current: 200 }]);
  });
});
