import { randomUUID } from 'node:crypto';
import {
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  Topics,
  TrustScoreUpdatedV1,
  type EventDefinition,
} from '@dx/contracts';
import { InsightsHarness } from '../../test/insights-harness';
import type { PredictiveValidityReport } from './application/predictive-validity-report';

/*
 * Predictive validity from real records on Kafka, in early 2014 (a window no other test writes in):
 * a reliable provider whose January looked poor, a flaky one whose January looked perfect, and a
 * provider with no score yet. The trust score at each month's end should rank February's and
 * March's misses and lates far better than last month's on-time rate does.
 */
let h: InsightsHarness;
let operator: string;
const reliable = randomUUID();
const flaky = randomUUID();
const unscored = randomUUID();
const window = 'from=2014-02-01T00:00:00.000Z&to=2014-04-01T00:00:00.000Z';

beforeAll(async () => {
  h = await InsightsHarness.start();
  operator = await h.token(randomUUID(), ['operator']);
  const ids: string[] = [];
  const put = async <T extends object>(topic: string, def: EventDefinition<string, T>, data: T) =>
    ids.push(await h.publish(topic, def, def.keyOf(data), data));
  const due = async (providerId: string, dueAt: string, kept: 'on-time' | 'late' | 'missed') => {
    const base = {
      agreementId: randomUUID(),
      datasetId: randomUUID(),
      providerId,
      consumerId: randomUUID(),
      obligationId: randomUUID(),
      sequence: 1,
      dueAt,
      graceUntil: dueAt,
      occurredAt: dueAt,
    };
    if (kept === 'missed')
      await put(Topics.consentObligation, DeliveryMissedV1, {
        ...DeliveryMissedV1.example,
        ...base,
      });
    else
      await put(Topics.consentObligation, DeliveryFulfilledV1, {
        ...DeliveryFulfilledV1.example,
        ...base,
        onTime: kept === 'on-time',
        latenessSeconds: kept === 'on-time' ? 0 : 7200,
      });
  };
  const score = (participantId: string, value: number, computedAt: string, modelVersion: string) =>
    put(Topics.trustScore, TrustScoreUpdatedV1, {
      ...TrustScoreUpdatedV1.example,
      participantId,
      role: 'provider',
      score: value,
      modelVersion,
      computedAt,
    });
  // January: the reliable provider keeps 2 of 4, the flaky one 4 of 4 (the baseline's evidence).
  for (const [who, kept] of [
    [reliable, ['on-time', 'late', 'on-time', 'missed']],
    [flaky, ['on-time', 'on-time', 'on-time', 'on-time']],
  ] as const)
    for (const [i, k] of kept.entries()) await due(who, `2014-01-${10 + i}T09:00:00.000Z`, k);
  await score(reliable, 0.9, '2014-01-31T20:00:00.000Z', 'trust-1.3');
  await score(flaky, 0.3, '2014-01-31T20:00:00.000Z', 'trust-1.3');
  // A score published after February began does not forecast February.
  await score(flaky, 0.95, '2014-02-02T00:00:00.000Z', 'trust-1.3');
  await score(flaky, 0.5, '2014-02-28T20:00:00.000Z', 'trust-1.2');
  for (const [i, k] of ['on-time', 'on-time', 'on-time', 'on-time'].entries())
    await due(reliable, `2014-02-${10 + i}T09:00:00.000Z`, k as 'on-time');
  for (const [i, k] of (['on-time', 'late', 'missed', 'late'] as const).entries())
    await due(flaky, `2014-02-${10 + i}T09:00:00.000Z`, k);
  for (const [i, k] of (['on-time', 'missed'] as const).entries())
    await due(flaky, `2014-03-${10 + i}T09:00:00.000Z`, k);
  await due(unscored, '2014-02-15T09:00:00.000Z', 'on-time');
  await h.waitForFacts(ids, 'obligations and scores of early 2014 in the facts');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const get = (query: string, token = operator) =>
  h.call<PredictiveValidityReport & { code?: string }>(
    'GET',
    `/v1/insights/research/predictive-validity?${query}`,
    { token },
  );

it('pairs each obligation with the score and on-time rate known at the end of the month before', async () => {
  const res = await get(`names=true&${window}`);
  expect(res.status).toBe(200);
  const rows = res.body.observations.map((o) => [
    o.provider === reliable ? 'reliable' : o.provider === flaky ? 'flaky' : 'unscored',
    o.month,
    o.score,
    o.modelVersion,
    o.lastMonthOnTimeRate,
  ]);
  expect(new Set(rows.map((r) => JSON.stringify(r)))).toEqual(
    new Set(
      [
        ['reliable', '2014-02', 0.9, 'trust-1.3', 0.5],
        ['flaky', '2014-02', 0.3, 'trust-1.3', 1],
        ['flaky', '2014-03', 0.5, 'trust-1.2', 0.25],
        ['unscored', '2014-02', null, null, null],
      ].map((r) => JSON.stringify(r)),
    ),
  );
  expect(res.body.observations).toHaveLength(11);
  expect(res.body.excluded).toEqual({ noScore: 1, noBaseline: 0 });
  expect(res.body.modelVersions).toEqual(
    expect.arrayContaining([
      { version: 'trust-1.3', n: 8 },
      { version: 'trust-1.2', n: 2 },
    ]),
  );
});

it('ranks the misses and lates by score better than by last month, calibrated per bin', async () => {
  const { body } = await get(window);
  expect([body.n, body.providers, body.months]).toEqual([10, 2, 2]);
  expect(body.missOrLateRate).toBeCloseTo(4 / 10, 12);
  // Risk = 1 − forecast; four misses or lates against six kept (worked out in the file's notes).
  expect(body.score!.auc).toBeCloseTo(21 / 24, 12);
  expect(body.baseline!.auc).toBeCloseTo(7 / 24, 12);
  expect(body.aucDifference).toBeCloseTo(14 / 24, 12);
  const bin = (p: number) => body.score!.bins.find((b) => p >= b.from && p < b.to)!;
  expect(bin(0.9)).toMatchObject({ count: 4, observedRate: 1 });
  expect(bin(0.3)).toMatchObject({ count: 4, observedRate: 0.25 });
  expect(bin(0.5)).toMatchObject({ count: 2, observedRate: 0.5 });
  // ECE = (4·|1 − 0.9| + 4·|0.25 − 0.3| + 2·|0.5 − 0.5|) / 10
  expect(body.score!.ece).toBeCloseTo((4 * 0.1 + 4 * 0.05) / 10, 12);
  expect(body.caveats.join(' ')).toMatch(/2 providers/);
});

it('pseudonymises providers for auditors and refuses them names', async () => {
  const auditor = await h.token(randomUUID(), ['auditor']);
  const res = await get(window, auditor);
  expect(res.body.pseudonymised).toBe(true);
  expect(JSON.stringify(res.body)).not.toContain(reliable);
  expect(res.body.observations.every((o) => /^p-[0-9a-f]{12}$/.test(o.provider))).toBe(true);
  expect((await get(`names=true&${window}`, auditor)).body.code).toBe(
    'RESEARCH.NAMES_OPERATOR_ONLY',
  );
  expect((await get('from=yesterday')).status).toBe(400);
});
