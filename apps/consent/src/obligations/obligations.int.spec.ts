import { createEnvelope, DeliveryCompletedV1, Topics, type EventEnvelope } from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import { AgreementScheduler } from '../scheduling/agreement-scheduler';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Delivery obligations against the real broker and database: deliveries arrive as
 * integration.delivery.completed on Kafka; one on time, one late, a service restart, then one
 * missed when the clock passes its grace period. The ledger is on consent.obligation.v1.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: ConsentHarness;

interface Obligation {
  sequence: number;
  dueAt: string;
  status: string;
  onTime: boolean | null;
  latenessSeconds: number | null;
}

beforeAll(async () => {
  h = await ConsentHarness.start();
});

afterAll(async () => {
  await h?.close();
});

async function deliver(datasetId: string, providerId: string, receivedAt: Date): Promise<string> {
  const e = createEnvelope({
    time: new Date(),
    type: DeliveryCompletedV1.type,
    version: 1,
    source: 'integration',
    subject: datasetId,
    data: {
      ...DeliveryCompletedV1.example,
      deliveryId: crypto.randomUUID(),
      datasetId,
      providerId,
      receivedAt: receivedAt.toISOString(),
      completedAt: receivedAt.toISOString(),
    },
  });
  await produceRaw(`${h.prefix}${Topics.integrationDelivery}`, [
    { key: datasetId, value: JSON.stringify(e), headers: { ce_id: e.id, ce_type: e.type } },
  ]);
  return e.data.deliveryId;
}

it('schedules deliveries; one on time, one late, then (after a restart) one missed, each on the ledger', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const start = h.clock.now().getTime() - HOUR;
  const created = await h.call<{ id: string }>('POST', '/v1/agreements', {
    token: city.token,
    body: {
      datasetId,
      purpose: 'urban-planning',
      purposeDescription: 'Daily presence for bus planning.',
      legalBasis: 'City data charter',
      fields: ['people'],
      deliveryFrequency: 'P1D',
      gracePeriod: 'PT6H',
      validFrom: new Date(start).toISOString(),
      validTo: new Date(start + 90 * DAY).toISOString(),
      retentionDays: 30,
    },
  });
  const id = created.body.id;
  await h.call('POST', `/v1/agreements/${id}/accept`, {
    token: city.token,
    body: { termVersion: 1 },
  });
  await h.call('POST', `/v1/agreements/${id}/accept`, {
    token: telecom.token,
    body: { termVersion: 1 },
  });

  const schedule = (n: number) =>
    waitFor(
      async () =>
        (
          await h.call<{ items: Obligation[]; onTimeRate: number | null }>(
            'GET',
            `/v1/agreements/${id}/obligations`,
            { token: city.token },
          )
        ).body,
      { until: (b) => b.items.length >= n, what: `${n} obligations` },
    );
  const first = (await schedule(1)).items[0];
  expect(first).toEqual(
    expect.objectContaining({
      sequence: 1,
      status: 'pending',
      dueAt: new Date(start + DAY).toISOString(),
    }),
  );

  // On time: an hour before the first due time.
  await deliver(datasetId, telecom.id, new Date(start + DAY - HOUR));
  // Late: two hours after the second due time, inside the six-hour grace period.
  await schedule(2);
  await deliver(datasetId, telecom.id, new Date(start + 2 * DAY + 2 * HOUR));
  await schedule(3);

  await h.restart();

  // Missed: the clock passes the third due time and its grace period with no delivery.
  h.clock.advance(3 * DAY + 7 * HOUR);
  await h.app.app.get(AgreementScheduler).drain();
  const after = await schedule(4);
  expect(
    after.items.slice(0, 4).map((o) => [o.sequence, o.status, o.onTime, o.latenessSeconds]),
  ).toEqual([
    [1, 'fulfilled', true, 0],
    [2, 'fulfilled', false, 7200],
    [3, 'missed', false, null],
    [4, 'pending', null, null],
  ]);
  expect(after.onTimeRate).toBeCloseTo(1 / 3, 10);

  const ledger = await waitFor(() => h.publishedEvents(id, Topics.consentObligation), {
    until: (l) => l.length >= 7,
    what: 'obligation events',
  });
  expect(
    ledger.map((e: EventEnvelope) => [
      e.type.replace('consent.obligation.', ''),
      (e.data as { sequence: number }).sequence,
    ]),
  ).toEqual([
    ['delivery-due', 1],
    ['delivery-fulfilled', 1],
    ['delivery-due', 2],
    ['delivery-fulfilled', 2],
    ['delivery-due', 3],
    ['delivery-missed', 3],
    ['delivery-due', 4],
  ]);
  expect(ledger[3].data).toEqual(expect.objectContaining({ onTime: false, latenessSeconds: 7200 }));
});

it('orders a delivery by its own time: made before the deadline, consumed after consent was down across it, it fulfils its own obligation', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const id = await h.activeAgreement(telecom, city, datasetId, { gracePeriod: 'PT6H' });
  const obligations = () =>
    h.call<{ items: Obligation[] }>('GET', `/v1/agreements/${id}/obligations`, {
      token: city.token,
    });
  const [first] = (
    await waitFor(obligations, { until: (r) => r.body.items.length === 1, what: 'first slot' })
  ).body.items;

  // Consent is down across the deadline; the delivery was made an hour before it.
  await h.restart(async () => {
    await deliver(datasetId, telecom.id, new Date(Date.parse(first.dueAt) - HOUR));
    h.clock.advance(Date.parse(first.dueAt) - h.clock.now().getTime() + 7 * HOUR);
  });
  // At boot the scheduler's pass runs at once, before the consumer has caught up: it must wait.
  const after = await waitFor(obligations, {
    until: (r) => r.body.items.some((o) => o.sequence === 1 && o.status !== 'pending'),
    what: 'first slot resolved',
  });
  expect(after.body.items.map((o) => [o.sequence, o.status, o.onTime, o.latenessSeconds])).toEqual([
    [1, 'fulfilled', true, 0],
    [2, 'pending', null, null],
  ]);
});

it('cancels the open obligation when the agreement is suspended and opens the next slot on resumption', async () => {
  const telecom = await h.participant();
  const city = await h.participant();
  const datasetId = await h.publishDataset(telecom.id);
  const start = h.clock.now().getTime() - HOUR;
  const created = await h.call<{ id: string }>('POST', '/v1/agreements', {
    token: city.token,
    body: {
      datasetId,
      purpose: 'traffic-management',
      purposeDescription: 'Hourly presence near road works.',
      legalBasis: 'City data charter',
      fields: ['people'],
      deliveryFrequency: 'PT1H',
      validFrom: new Date(start).toISOString(),
      validTo: new Date(start + 30 * DAY).toISOString(),
      retentionDays: 30,
    },
  });
  const id = created.body.id;
  await h.call('POST', `/v1/agreements/${id}/accept`, {
    token: city.token,
    body: { termVersion: 1 },
  });
  await h.call('POST', `/v1/agreements/${id}/accept`, {
    token: telecom.token,
    body: { termVersion: 1 },
  });
  await h.call('POST', `/v1/agreements/${id}/suspend`, {
    token: telecom.token,
    body: { reason: 'maintenance window' },
  });
  h.clock.advance(DAY);
  await h.app.app.get(AgreementScheduler).drain();
  await h.call('POST', `/v1/agreements/${id}/resume`, {
    token: telecom.token,
    body: { reason: 'maintenance done' },
  });
  const { items } = (
    await h.call<{ items: Obligation[] }>('GET', `/v1/agreements/${id}/obligations`, {
      token: city.token,
    })
  ).body;
  expect(items.map((o) => o.status)).toEqual(['cancelled', 'pending']);
  expect(new Date(items[1].dueAt).getTime()).toBeGreaterThanOrEqual(h.clock.now().getTime() - 1000);
});
