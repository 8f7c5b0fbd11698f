import {
  createEnvelope,
  DatasetSchemaVersionAddedV1,
  exampleDataset,
  exampleRecordSchemaVersion,
  Topics,
  type EventEnvelope,
} from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Change notices: an announcement judged per agreement against its change notice, and breaking
 * schema versions from the catalog turned into change-announced / change-unannounced.
 */
const DAY = 86_400_000;
let h: ConsentHarness;

beforeAll(async () => {
  h = await ConsentHarness.start();
});

afterAll(async () => {
  await h?.close();
});

const changeEvents = async (agreementId: string, n: number): Promise<EventEnvelope[]> =>
  waitFor(() => h.publishedEvents(agreementId, Topics.consentObligation), {
    until: (l) => l.filter((e) => e.type.includes('change-')).length >= n,
    what: `${n} change events of ${agreementId}`,
  }).then((l) => l.filter((e) => e.type.includes('change-')));

it("judges an announcement against each agreement's change notice; only the provider announces", async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const bank = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const patient = await h.activeAgreement(telecom, city, datasetId, { changeNoticeDays: 14 });
  const strict = await h.activeAgreement(telecom, bank, datasetId, { changeNoticeDays: 30 });
  const body = {
    kind: 'schema-change',
    description: 'people becomes a number (estimates with decimals)',
    effectiveAt: new Date(h.clock.now().getTime() + 20 * DAY).toISOString(),
  };
  expect(
    (await h.call('POST', `/v1/datasets/${datasetId}/change-notices`, { token: city.token, body }))
      .status,
  ).toBe(403);
  const res = await h.call<{
    agreements: Array<{ agreementId: string; sufficientNotice: boolean }>;
  }>('POST', `/v1/datasets/${datasetId}/change-notices`, { token: telecom.token, body });
  expect(res.status).toBe(201);
  expect(
    Object.fromEntries(res.body.agreements.map((a) => [a.agreementId, a.sufficientNotice])),
  ).toEqual({
    [patient]: true,
    [strict]: false,
  });
  expect((await changeEvents(patient, 1)).map((e) => e.type)).toEqual([
    'consent.obligation.change-announced',
  ]);
  const [short] = await changeEvents(strict, 1);
  expect(short.type).toBe('consent.obligation.change-unannounced');
  expect(short.data).toEqual(expect.objectContaining({ requiredNoticeDays: 30 }));
  // Twenty days ahead of the announcement, less the milliseconds the request took.
  expect(Math.round((short.data as { leadSeconds: number }).leadSeconds / 86_400)).toBe(20);
});

it('turns a breaking, unannounced schema version from the catalog into change-unannounced; compatible ones into nothing', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const agreementId = await h.activeAgreement(telecom, city, datasetId);
  const version = (n: number, compatibility: 'compatible' | 'breaking', unannounced: boolean) => {
    const now = h.clock.now().toISOString();
    return createEnvelope({
      time: new Date(),
      type: DatasetSchemaVersionAddedV1.type,
      version: 1,
      source: 'catalog',
      subject: datasetId,
      data: {
        ...DatasetSchemaVersionAddedV1.example,
        dataset: {
          ...exampleDataset,
          datasetId,
          providerId: telecom.id,
          latestSchemaVersion: n,
          version: 2 + n,
        },
        schemaVersion: {
          ...exampleRecordSchemaVersion,
          version: n,
          announcedAt: now,
          effectiveAt: now,
        },
        previousVersion: n - 1,
        compatibility,
        differences: [
          {
            path: '/properties/people',
            change: 'property-removed',
            breaking: compatibility === 'breaking',
            message: "property 'people' was removed",
          },
        ],
        unannounced,
      },
    });
  };
  const events = [version(2, 'compatible', false), version(3, 'breaking', true)];
  await produceRaw(
    `${h.prefix}${Topics.catalogDataset}`,
    events.map((e) => ({
      key: datasetId,
      value: JSON.stringify(e),
      headers: { ce_id: e.id, ce_type: e.type },
    })),
  );
  const [change] = await changeEvents(agreementId, 1);
  expect(change.type).toBe('consent.obligation.change-unannounced');
  expect(change.data).toEqual(
    expect.objectContaining({ schemaVersion: 3, kind: 'schema-change', leadSeconds: 0 }),
  );
  const replica = await h.sql<{ version: number }>(
    `SELECT version FROM consent.dataset_schema_versions WHERE dataset_id = $1 ORDER BY version`,
    [datasetId],
  );
  expect(replica.map((r) => r.version)).toEqual([1, 2, 3]);
});
