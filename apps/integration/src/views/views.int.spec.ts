import { randomUUID } from 'node:crypto';
import { AgreementSuspendedV1, Topics, type ViewRefreshedV1 } from '@dx/contracts';
import { IntegrationHarness } from '../../test/integration-harness';

/*
 * Integrated views against the real database and broker: telecom presence (commercial) × municipal
 * outlets per district, with hand-computed rows and lineage, refreshed incrementally by deliveries
 * to either source, readable only by a participant that may read both sources, reads logged.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let bank: { id: string; token: string };
let presence: string;
let outlets: string;
let presenceAgreement: string;
let viewId: string;
const deliveries: Record<string, string> = {};

interface ViewRow {
  key: Record<string, unknown>;
  aggregates: Record<string, number | null>;
  lineage: Array<{ datasetId: string; deliveryIds: string[] }>;
}

async function deliver(name: string, datasetId: string, token: string, records: object[]) {
  const res = await h.call<{ deliveryId: string; status: string }>(
    'POST',
    `/v1/datasets/${datasetId}/deliveries`,
    {
      token,
      raw: records.map((r) => JSON.stringify(r)).join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    },
  );
  expect(res.body.status).toBe('accepted');
  deliveries[name] = res.body.deliveryId;
}

const rows = async (token = city.token, query = '?limit=100') => {
  const res = await h.call<{ items: ViewRow[]; nextCursor: string | null }>(
    'GET',
    `/v1/views/${viewId}/records${query}`,
    { token },
  );
  return res;
};

/** Rows by district with lineage as sorted delivery names, for hand comparison. */
const byDistrict = (items: ViewRow[]) => {
  const name = (id: string) => Object.entries(deliveries).find(([, v]) => v === id)?.[0] ?? id;
  return Object.fromEntries(
    items.map((r) => [
      r.key.district,
      {
        ...r.aggregates,
        lineage: r.lineage.map((l) => [
          l.datasetId === presence ? 'presence' : 'outlets',
          l.deliveryIds.map(name).sort(),
        ]),
      },
    ]),
  );
};

const definition = () => ({
  name: 'Presence × outlets per district',
  left: { datasetId: presence },
  right: { datasetId: outlets },
  joinKeys: [{ left: 'district', right: 'district' }],
  aggregations: [
    { name: 'people', fn: 'sum', source: 'left', field: 'people' },
    { name: 'hours', fn: 'count', source: 'left' },
    { name: 'outlets', fn: 'count', source: 'right' },
    { name: 'seats', fn: 'avg', source: 'right', field: 'seats' },
  ],
});

const h10 = '2026-03-02T10:00:00Z';
const h11 = '2026-03-02T11:00:00Z';

beforeAll(async () => {
  h = await IntegrationHarness.start();
  [telecom, city, bank] = [await h.participant(), await h.participant(), await h.participant()];
  presence = await h.publishDataset(telecom.id);
  outlets = await h.publishDataset(city.id, {
    record: {
      properties: {
        outlet: { type: 'string' },
        district: { type: 'string' },
        seats: { type: 'integer', minimum: 0 },
      },
      required: ['outlet', 'district', 'seats'],
      primaryKey: ['outlet'],
    },
  });
  presenceAgreement = await h.agreement({
    datasetId: presence,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
  });
  await h.agreement({
    datasetId: presence,
    providerId: telecom.id,
    consumerId: bank.id,
    fields: ['district', 'people'],
  });
  await deliver('P1', presence, telecom.token, [
    { district: 'Almaly', hour: h10, people: 120 },
    { district: 'Almaly', hour: h11, people: 80 },
    { district: 'Medeu', hour: h10, people: 50 },
    { district: 'Auezov', hour: h10, people: 30 },
  ]);
  await deliver('O1', outlets, city.token, [
    { outlet: 'o1', district: 'Almaly', seats: 20 },
    { outlet: 'o2', district: 'Almaly', seats: 40 },
    { outlet: 'o3', district: 'Medeu', seats: 10 },
    { outlet: 'o4', district: 'Turksib', seats: 5 },
  ]);
});

afterAll(async () => {
  await h?.close();
});

it('refuses a definition that does not fit the datasets, naming each field (400)', async () => {
  const res = await h.call('POST', '/v1/views', {
    token: city.token,
    body: {
      ...definition(),
      joinKeys: [{ left: 'district', right: 'borough' }],
      aggregations: [
        { name: 'x', fn: 'sum', source: 'right', field: 'district' },
        { name: 'y', fn: 'median', source: 'up' },
      ],
    },
  });
  expect(res.status).toBe(400);
  expect((res.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
    'aggregations[1].fn',
    'aggregations[1].source',
  ]);
  const misfit = await h.call('POST', '/v1/views', {
    token: city.token,
    body: {
      ...definition(),
      joinKeys: [{ left: 'district', right: 'borough' }],
      aggregations: [{ name: 'x', fn: 'sum', source: 'right', field: 'district' }],
    },
  });
  expect(misfit.status).toBe(400);
  expect(misfit.body.errors).toEqual([
    { path: 'joinKeys[0].right', message: 'is not a field of the right dataset' },
    { path: 'aggregations[0].field', message: 'sum needs a number or integer field' },
  ]);
  const unknown = await h.call('POST', '/v1/views', {
    token: city.token,
    body: { ...definition(), right: { datasetId: randomUUID() } },
  });
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors).toEqual([
    { path: 'right.datasetId', message: 'is not a dataset known here' },
  ]);
});

it('refuses a participant who cannot read both sources (403 with the reason)', async () => {
  const telecomTry = await h.call('POST', '/v1/views', {
    token: telecom.token,
    body: definition(),
  });
  expect(telecomTry.status).toBe(403);
  expect(telecomTry.body.detail).toBe(`no agreement on dataset ${outlets}`);
  const bankTry = await h.call('POST', '/v1/views', { token: bank.token, body: definition() });
  expect(bankTry.status).toBe(403);
  expect(bankTry.body.detail).toContain(`no agreement on dataset ${outlets}`);
});

it('computes the hand-computed rows with lineage when defined', async () => {
  const res = await h.call<{ viewId: string; rowCount: number }>('POST', '/v1/views', {
    token: city.token,
    body: definition(),
  });
  expect(res.status).toBe(201);
  expect(res.body.rowCount).toBe(2);
  viewId = res.body.viewId;
  const page = await rows();
  // Inner join per district: Auezov has no outlet, Turksib no presence.
  expect(byDistrict(page.body.items)).toEqual({
    Almaly: {
      people: 200,
      hours: 2,
      outlets: 2,
      seats: 30,
      lineage: [
        ['presence', ['P1']],
        ['outlets', ['O1']],
      ],
    },
    Medeu: {
      people: 50,
      hours: 1,
      outlets: 1,
      seats: 10,
      lineage: [
        ['presence', ['P1']],
        ['outlets', ['O1']],
      ],
    },
  });
  const [created] = await h.publishedEvents(viewId, Topics.integrationView);
  expect(created.data).toMatchObject({
    trigger: { kind: 'created' },
    rowCount: 2,
    rowsUpserted: 2,
  });
});

it('refreshes only the touched keys after a delivery to either source, with events', async () => {
  const before = await rows();
  await deliver('P2', presence, telecom.token, [
    { district: 'Almaly', hour: h10, people: 120 },
    { district: 'Almaly', hour: h11, people: 100 },
    { district: 'Turksib', hour: h10, people: 7 },
  ]);
  const after = await rows();
  expect(byDistrict(after.body.items)).toEqual({
    Almaly: {
      people: 220,
      hours: 2,
      outlets: 2,
      seats: 30,
      lineage: [
        ['presence', ['P1', 'P2']],
        ['outlets', ['O1']],
      ],
    },
    Medeu: expect.objectContaining({ people: 50 }),
    Turksib: {
      people: 7,
      hours: 1,
      outlets: 1,
      seats: 5,
      lineage: [
        ['presence', ['P2']],
        ['outlets', ['O1']],
      ],
    },
  });
  // Medeu was not touched: same row, same refresh time.
  const medeu = (items: typeof before.body.items) =>
    items.find((r) => r.key.district === 'Medeu') as unknown as { refreshedAt: string };
  expect(medeu(after.body.items).refreshedAt).toBe(medeu(before.body.items).refreshedAt);

  // The outlet o3 moves from Medeu to Bostandyk: Medeu loses its right side and leaves the view.
  await deliver('O2', outlets, city.token, [{ outlet: 'o3', district: 'Bostandyk', seats: 10 }]);
  expect(Object.keys(byDistrict((await rows()).body.items)).sort()).toEqual(['Almaly', 'Turksib']);

  const events = (await h.publishedEvents(viewId, Topics.integrationView)).map(
    (e) => e.data as ViewRefreshedV1,
  );
  expect(
    events.map((e) => [e.trigger, e.keysRefreshed, e.rowsUpserted, e.rowsRemoved, e.rowCount]),
  ).toEqual([
    [{ kind: 'created' }, 2, 2, 0, 2],
    [{ kind: 'delivery', datasetId: presence, deliveryId: deliveries.P2 }, 2, 2, 0, 3],
    [{ kind: 'delivery', datasetId: outlets, deliveryId: deliveries.O2 }, 2, 0, 1, 2],
  ]);
});

it('pages rows, logs reads under the agreement used, and stops reads when it is suspended', async () => {
  const first = await rows(city.token, '?limit=1');
  expect(first.body.items).toHaveLength(1);
  const second = await rows(city.token, `?limit=1&cursor=${first.body.nextCursor}`);
  expect(second.body.items).toHaveLength(1);
  expect(second.body.items[0].key).not.toEqual(first.body.items[0].key);
  const logged = await h.sql<{ agreement_id: string; filters: { viewId: string }; rows: number }>(
    `SELECT agreement_id, filters, rows FROM integration.access_log WHERE filters->>'viewId' = $1 ORDER BY seq`,
    [viewId],
  );
  expect(logged.length).toBeGreaterThanOrEqual(2);
  expect(new Set(logged.map((l) => l.agreement_id))).toEqual(new Set([presenceAgreement]));

  expect((await rows(bank.token)).status).toBe(403);
  expect((await rows(telecom.token)).status).toBe(403);
  expect((await h.call('GET', `/v1/views/${viewId}`, { token: bank.token })).status).toBe(403);
  expect((await h.call('GET', `/v1/views/${randomUUID()}`, { token: city.token })).status).toBe(
    404,
  );

  await h.agreement({
    agreementId: presenceAgreement,
    datasetId: presence,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
    def: AgreementSuspendedV1,
    state: 'SUSPENDED',
    version: 2,
    reason: 'missed deliveries',
  });
  const suspended = await h.call<{ detail: string }>('GET', `/v1/views/${viewId}/records`, {
    token: city.token,
  });
  expect(suspended.status).toBe(403);
  expect(suspended.body.detail).toContain('no agreement on dataset');
  expect(suspended.body.detail).toContain('SUSPENDED');
});
