import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  SubjectConsentWithdrawnV1,
  SubjectErasureRequestedV1,
  Topics,
  type RecordsErasedV1,
  type ViewRefreshedV1,
} from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import { IntegrationHarness } from '../../test/integration-harness';
import { PurgeExpiredRecordsHandler } from './application/purge-expired-records.handler';

/*
 * Erasure and retention against the real database and broker: an erasure request from consent
 * erases a subject's current rows, history and quarantined copies and its views follow; a consent
 * withdrawal takes the subject out of views; the retention purge removes rows past the dataset's
 * retention, with `integration.records.erased` as the receipt.
 */
let h: IntegrationHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let presence: string;
let outlets: string;
let viewId: string;

const h10 = '2026-03-02T10:00:00Z';
const h11 = '2026-03-02T11:00:00Z';

async function deliver(datasetId: string, token: string, records: object[]) {
  const res = await h.call<{ status: string; deliveryId: string }>(
    'POST',
    `/v1/datasets/${datasetId}/deliveries`,
    {
      token,
      raw: records.map((r) => JSON.stringify(r)).join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    },
  );
  expect(res.body.status).toBe('accepted');
  return res.body.deliveryId;
}

async function consentEvent(type: string, data: object, key: string) {
  const e = createEnvelope({
    time: new Date(),
    type,
    version: 1,
    source: 'consent',
    subject: key,
    data,
  });
  await produceRaw(`${h.prefix}${Topics.consentSubjectConsent}`, [
    { key, value: JSON.stringify(e), headers: { ce_id: e.id, ce_type: e.type } },
  ]);
}

const subjectRows = (subject: string) =>
  h.sql<{ current: boolean }>(
    `SELECT valid_to IS NULL AS current FROM integration.records WHERE dataset_id = $1 AND subject_id = $2`,
    [presence, subject],
  );

const viewPeople = async () => {
  const res = await h.call<{
    items: Array<{ key: { district: string }; aggregates: { people: number } }>;
  }>('GET', `/v1/views/${viewId}/records`, { token: city.token });
  return Object.fromEntries(res.body.items.map((r) => [r.key.district, r.aggregates.people]));
};

const erasedEvents = async () =>
  (await h.publishedEvents(presence, Topics.integrationDelivery))
    .filter((e) => e.type === 'integration.records.erased')
    .map((e) => e.data as RecordsErasedV1);

beforeAll(async () => {
  h = await IntegrationHarness.start();
  [telecom, city] = [await h.participant(), await h.participant()];
  presence = await h.publishDataset(telecom.id, { subjectField: 'subject' });
  outlets = await h.publishDataset(city.id);
  await h.agreement({
    datasetId: presence,
    providerId: telecom.id,
    consumerId: city.id,
    fields: ['district', 'hour', 'people'],
  });
  await deliver(presence, telecom.token, [
    { district: 'Almaly', hour: h10, people: 100, subject: 's1' },
    { district: 'Almaly', hour: h11, people: 50, subject: 's2' },
    { district: 'Medeu', hour: h10, people: 30, subject: 's3' },
    { district: 'Medeu', hour: 'not a time', people: 1, subject: 's1' },
  ]);
  // s1 changes: its first version becomes history.
  await deliver(presence, telecom.token, [
    { district: 'Almaly', hour: h10, people: 110, subject: 's1' },
  ]);
  await deliver(outlets, city.token, [
    { district: 'Almaly', hour: h10, people: 1 },
    { district: 'Medeu', hour: h10, people: 1 },
  ]);
  const view = await h.call<{ viewId: string }>('POST', '/v1/views', {
    token: city.token,
    body: {
      name: 'people per district with outlets',
      left: { datasetId: presence },
      right: { datasetId: outlets },
      joinKeys: [{ left: 'district', right: 'district' }],
      aggregations: [{ name: 'people', fn: 'sum', source: 'left', field: 'people' }],
    },
  });
  viewId = view.body.viewId;
});

afterAll(async () => {
  await h?.close();
});

it("erases a subject's current rows, history and quarantined copies on request; views follow", async () => {
  expect(await viewPeople()).toEqual({ Almaly: 160, Medeu: 30 });
  expect(await subjectRows('s1')).toHaveLength(2);
  const requestId = randomUUID();
  await consentEvent(
    SubjectErasureRequestedV1.type,
    {
      ...SubjectErasureRequestedV1.example,
      requestId,
      subjectId: 's1',
      datasetId: presence,
      providerId: telecom.id,
      requestedBy: telecom.id,
    },
    's1',
  );
  await waitFor(() => subjectRows('s1'), { until: (r) => r.length === 0, what: 's1 erased' });
  const quarantined = await h.sql(
    `SELECT 1 FROM integration.quarantine q JOIN integration.deliveries d ON d.id = q.delivery_id
     WHERE d.dataset_id = $1 AND q.record->>'subject' = 's1'`,
    [presence],
  );
  expect(quarantined).toHaveLength(0);
  expect(await subjectRows('s2')).toEqual([{ current: true }]);
  expect(await viewPeople()).toEqual({ Almaly: 50, Medeu: 30 });
  expect(await erasedEvents()).toEqual([
    expect.objectContaining({
      reason: 'erasure-request',
      requestId,
      subjectId: 's1',
      rowsErased: 2,
      quarantineErased: 1,
    }),
  ]);
  const refreshed = (await h.publishedEvents(viewId, Topics.integrationView)).map(
    (e) => e.data as ViewRefreshedV1,
  );
  expect(refreshed.at(-1)).toMatchObject({
    trigger: { kind: 'erasure', datasetId: presence, subjectId: 's1' },
    rowsUpserted: 1,
  });
});

it('takes a subject out of views when its consent is withdrawn', async () => {
  await consentEvent(
    SubjectConsentWithdrawnV1.type,
    {
      ...SubjectConsentWithdrawnV1.example,
      subjectId: 's2',
      datasetId: presence,
      providerId: telecom.id,
      occurredAt: new Date().toISOString(),
    },
    's2',
  );
  // Almaly had only s2 left: the row loses its left side and leaves the view.
  await waitFor(viewPeople, {
    until: (v) => JSON.stringify(v) === JSON.stringify({ Medeu: 30 }),
    what: 'Almaly gone from the view',
  });
  // The record itself stays stored (withdrawal hides, erasure deletes).
  expect(await subjectRows('s2')).toEqual([{ current: true }]);
});

it('purges rows past the dataset’s retention, history by closing time, current by record time', async () => {
  const now = Date.now();
  const day = 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  await h.call('PUT', `/v1/datasets/${presence}/settings`, {
    token: telecom.token,
    body: { retentionDays: 2 },
  });
  await deliver(presence, telecom.token, [
    { district: 'Turksib', hour: iso(now - 5 * day), people: 5, subject: 's4' },
    { district: 'Medeu', hour: iso(now - day), people: 7, subject: 's5' },
    { district: 'Medeu', hour: iso(now + 4 * day), people: 9, subject: 's6' },
  ]);
  await deliver(presence, telecom.token, [
    { district: 'Medeu', hour: iso(now - day), people: 8, subject: 's5' },
  ]);
  const purge = h.app.app.get(PurgeExpiredRecordsHandler);

  // Now: s4 (5 days old) and the test's March rows (s3 and the withdrawn s2) are past 2 days.
  expect(await purge.execute(new Date(now))).toEqual([{ datasetId: presence, rowsErased: 3 }]);
  const left = await h.sql<{ subject_id: string; current: boolean }>(
    `SELECT subject_id, valid_to IS NULL AS current FROM integration.records WHERE dataset_id = $1 ORDER BY subject_id, id`,
    [presence],
  );
  expect(left).toEqual([
    { subject_id: 's5', current: false },
    { subject_id: 's5', current: true },
    { subject_id: 's6', current: true },
  ]);
  expect(await viewPeople()).toEqual({ Medeu: 17 });

  // Three days on: s5's history (closed today) and s5 itself go; s6's record time is still ahead.
  expect(await purge.execute(new Date(now + 3 * day))).toEqual([
    { datasetId: presence, rowsErased: 2 },
  ]);
  expect(
    await h.sql(`SELECT subject_id FROM integration.records WHERE dataset_id = $1`, [presence]),
  ).toEqual([{ subject_id: 's6' }]);
  expect(await purge.execute(new Date(now + 3 * day))).toEqual([]);
  const retention = (await erasedEvents()).filter((e) => e.reason === 'retention');
  expect(retention.map((e) => [e.rowsErased, e.cutoff])).toEqual([
    [3, iso(now - 2 * day)],
    [2, iso(now + day)],
  ]);
});
