import { randomUUID } from 'node:crypto';
import { DeliveryFulfilledV1, RegulationChangedV1, Topics } from '@dx/contracts';
import { regulationImpact } from '@dx/research-methods';
import { InsightsHarness } from '../../test/insights-harness';
import type { RegulationImpactReport } from './queries/regulation-impact.query';

/*
 * The interrupted time series of a regulation change over real records on Kafka: 26 months of
 * deliveries (five due a month) in a window long past, so no other test's records fall in it,
 * punctuality raised from the change's date; the answer is the segmented regression of the monthly
 * on-time rate by due month, and only auditors and operators may read it.
 */
let h: InsightsHarness;
let auditor: string;
const regulationId = randomUUID();
const agreementId = randomUUID();
const providerId = randomUUID();
const consumerId = randomUUID();
const months = Array.from({ length: 26 }, (_, m) => new Date(Date.UTC(2018, m, 1)));
const EFFECTIVE = '2019-02-01T00:00:00.000Z';
/** On time per month out of five: three or four before the change, four or five after. */
const onTimeIn = (m: number) =>
  months[m].toISOString() < EFFECTIVE ? ((m * 7) % 3 === 0 ? 4 : 3) : (m * 5) % 3 === 0 ? 4 : 5;

beforeAll(async () => {
  h = await InsightsHarness.start();
  auditor = await h.token(randomUUID(), ['auditor']);
  const ids: string[] = [];
  for (let m = 0; m < months.length; m++)
    for (let i = 0; i < 5; i++) {
      const due = new Date(months[m].getTime() + (3 + 5 * i) * 86_400_000);
      const onTime = i < onTimeIn(m);
      ids.push(
        await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
          ...DeliveryFulfilledV1.example,
          agreementId,
          providerId,
          consumerId,
          obligationId: randomUUID(),
          deliveryId: randomUUID(),
          sequence: m * 5 + i + 1,
          dueAt: due.toISOString(),
          graceUntil: new Date(due.getTime() + 3 * 86_400_000).toISOString(),
          deliveredAt: new Date(due.getTime() + (onTime ? -3_600_000 : 7_200_000)).toISOString(),
          onTime,
          latenessSeconds: onTime ? 0 : 7200,
          occurredAt: due.toISOString(),
        }),
      );
    }
  ids.push(
    await h.publish(Topics.consentGovernance, RegulationChangedV1, regulationId, {
      ...RegulationChangedV1.example,
      regulationId,
      reference: 'Test decree 1/2019 (synthetic)',
      effectiveAt: EFFECTIVE,
      occurredAt: '2019-01-15T10:00:00.000Z',
    }),
  );
  await h.waitForFacts(ids, 'the 130 obligations and the regulation in the facts');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const report = (query: string, token = auditor) =>
  h.call<RegulationImpactReport & { code?: string; errors?: Array<{ path: string }> }>(
    'GET',
    `/v1/insights/research/regulation-impact?${query}`,
    { token },
  );
const WINDOW = 'from=2018-01-01T00:00:00Z&to=2020-03-01T00:00:00Z';

it('estimates the level change of punctuality at the regulation from the monthly records', async () => {
  const res = await report(
    `${WINDOW}&indicator=deliveries.onTimeRate&regulationId=${regulationId}`,
  );
  expect(res.status).toBe(200);
  expect(res.body.from).toBe('2018-01-01T00:00:00.000Z');
  expect(res.body.to).toBe('2020-03-01T00:00:00.000Z');
  expect(res.body.items).toHaveLength(1);
  const item = res.body.items[0];
  expect(item).toMatchObject({
    regulationId,
    indicator: 'deliveries.onTimeRate',
    firstPostMonth: '2019-02',
    transitionMonth: null,
    notEstimable: null,
  });
  // The rates the records imply, month by month by due date, fitted by the same estimator.
  const planted = months.map((d, m) => ({
    month: d.toISOString().slice(0, 7),
    value: onTimeIn(m) / 5,
  }));
  expect(item.points.map((p) => [p.month, p.observed])).toEqual(
    planted.map((p) => [p.month, p.value]),
  );
  const expected = regulationImpact(planted, EFFECTIVE).fit!;
  expect(item.fit!.pre).toBe(13);
  expect(item.fit!.post).toBe(13);
  expect(item.fit!.levelChange.estimate).toBeCloseTo(expected.levelChange.estimate, 12);
  expect(item.fit!.levelChange.lower).toBeGreaterThan(0);
});

it('answers every indicator for every regulation, saying why where the series is too short', async () => {
  const res = await report(`${WINDOW}&indicator=deliveries.fulfilled,disputes.opened`);
  expect(res.status).toBe(200);
  const ours = res.body.items.filter((i) => i.regulationId === regulationId);
  expect(ours.map((i) => i.indicator)).toEqual(['deliveries.fulfilled', 'disputes.opened']);
  // Five deliveries every month: the count does not change at the regulation.
  expect(ours[0].fit!.levelChange.estimate).toBeCloseTo(0, 9);
  // Regulations recorded by other tests take effect after the window: no months after them.
  for (const other of res.body.items.filter((i) => i.regulationId !== regulationId))
    expect(other.notEstimable).toMatch(/at least 12 on each side are needed/);
});

it('refuses bad requests by name and reads for auditors and operators only', async () => {
  const bad = await report('indicator=deliveries.onTimeRate,nonsense');
  expect(bad.status).toBe(400);
  expect(bad.body.errors!.map((e) => e.path)).toContain('indicator');
  const empty = await report('from=2020-03-01T00:00:00Z&to=2020-03-15T00:00:00Z');
  expect([empty.status, empty.body.code]).toEqual([400, 'INSIGHTS.BAD_RANGE']);
  const unknown = await report(`${WINDOW}&regulationId=${randomUUID()}`);
  expect([unknown.status, unknown.body.code]).toEqual([404, 'INSIGHTS.REGULATION_NOT_FOUND']);
  const operator = await h.token(randomUUID(), ['operator']);
  expect((await report(`${WINDOW}&indicator=disputes.opened`, operator)).status).toBe(200);
  for (const roles of [['dashboard'], ['participant']]) {
    const token = await h.token(randomUUID(), roles);
    expect((await report(WINDOW, token)).status).toBe(403);
  }
  expect((await h.call('GET', `/v1/insights/research/regulation-impact?${WINDOW}`)).status).toBe(
    401,
  );
});
