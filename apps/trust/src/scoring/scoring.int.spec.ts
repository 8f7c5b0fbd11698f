import { randomUUID } from 'node:crypto';
import {
  AgreementActivatedV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  StandardAdoptedV1,
  Topics,
  type TrustAlertRaisedV1,
  type TrustCommitmentUpdatedV1,
  type TrustScoreUpdatedV1,
} from '@dx/contracts';
import { DataSource } from 'typeorm';
import { waitFor } from '@dx/testing';
import { TrustHarness } from '../../test/trust-harness';
import { checkDrift, verifyScores, verifyState } from './persistence/verify-state';
import { CreditCleanMonthsHandler } from './application/credit-clean-months.handler';

/*
 * The evidence ledger end to end over Kafka: consent's events become evidence, the score moves and
 * its explanation names the event; an unresolved dispute is only pending; an upheld one caps the
 * score; a redelivered event changes nothing.
 */
const DAY = 86_400_000;
let h: TrustHarness;
let token: string;
const provider = randomUUID();
const consumer = randomUUID();
const agreementId = randomUUID();
const datasetId = randomUUID();
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface TrustView {
  score: number;
  baseRate: number;
  tier: string;
  evidenceTotal: number;
  dimensions: Array<{ name: string; P: number; r: number; s: number }>;
  capsApplied: Array<{ kind: string; eventId: string }>;
  pending: Array<{ eventId: string; note: string }>;
  topNegative: Array<{ eventId: string; type: string; reason: string; deltaScore: number }>;
  howToImprove: string[];
  modelVersion: string;
}

const trust = async () =>
  (await h.call<TrustView>('GET', `/v1/participants/${provider}/trust?role=provider`, { token }))
    .body;
const evidenceCount = async () =>
  (
    await h.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM trust.evidence WHERE participant_id = $1`,
      [provider],
    )
  )[0].n;

/** Waits until the rescorer has caught up (snapshots, profiles, alerts and updates written). */
const rescored = () =>
  waitFor(
    async () =>
      (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM trust.rescore_queue`))[0].n,
    { until: (n) => n === 0, what: 'rescore queue drained' },
  );

function obligation(sequence: number, dueDaysAgo: number) {
  return {
    ...DeliveryFulfilledV1.example,
    agreementId,
    datasetId,
    providerId: provider,
    consumerId: consumer,
    obligationId: randomUUID(),
    sequence,
    dueAt: ago(dueDaysAgo),
    graceUntil: new Date(Date.parse(ago(dueDaysAgo)) + 6 * 3600_000).toISOString(),
  };
}

beforeAll(async () => {
  h = await TrustHarness.start();
  token = (await h.participant()).token;
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreementId, {
    ...AgreementActivatedV1.example,
    agreementId,
    datasetId,
    providerId: provider,
    consumerId: consumer,
    version: 3,
    occurredAt: ago(40),
  });
});

afterAll(async () => {
  await h?.close();
});

let fulfilledId: string;

it('turns delivered obligations into reliability evidence and publishes the score', async () => {
  for (let i = 1; i <= 4; i++) {
    const o = obligation(i, 35 - 7 * i);
    const id = await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
      ...o,
      deliveryId: randomUUID(),
      deliveredAt: o.dueAt,
      onTime: true,
      latenessSeconds: 0,
      occurredAt: o.dueAt,
    });
    fulfilledId ??= id;
  }
  await waitFor(trust, { until: (t) => t.evidenceTotal > 3.5, what: 'four deliveries scored' });
  // The explanation is built from the ledger as it stands; the snapshot and the published score
  // follow once the rescorer has drained its queue, and then all three agree.
  await waitFor(
    async () =>
      (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM trust.rescore_queue`))[0].n,
    { until: (n) => n === 0, what: 'rescore queue drained' },
  );
  const view = await trust();
  const reliability = view.dimensions.find((d) => d.name === 'reliability')!;
  expect(reliability.s).toBe(0);
  expect(reliability.r).toBeGreaterThan(3.5);
  expect(view.modelVersion).toBe('trust-1.2.0');
  const updates = await h.publishedEvents(`${provider}:provider`, Topics.trustScore);
  // Rescorings that move the score by less than 1e-9 publish nothing.
  expect((updates.at(-1)!.data as TrustScoreUpdatedV1).score).toBeCloseTo(view.score, 8);
});

it('lowers reliability for a missed delivery and names that event first in the explanation', async () => {
  const before = await trust();
  const missedId = await h.publish(Topics.consentObligation, DeliveryMissedV1, agreementId, {
    ...obligation(5, 1),
    occurredAt: ago(0.5),
  });
  const after = await waitFor(trust, {
    until: (t) => t.evidenceTotal > before.evidenceTotal + 0.5,
    what: 'the miss scored',
  });
  const P = (t: TrustView) => t.dimensions.find((d) => d.name === 'reliability')!.P;
  expect(P(after)).toBeLessThan(P(before));
  expect(after.score).toBeLessThan(before.score);
  expect(after.topNegative[0]).toMatchObject({
    eventId: missedId,
    type: 'consent.obligation.delivery-missed',
    reason: 'Scheduled delivery not received before the window closed.',
  });
  expect(after.topNegative[0].deltaScore).toBeLessThan(0);
  expect(after.howToImprove[0]).toMatch(
    /^Deliver every scheduled delivery before its window closes/,
  );
});

it('ignores a redelivered event', async () => {
  const n = await evidenceCount();
  const before = await trust();
  const o = obligation(1, 28);
  await h.publish(
    Topics.consentObligation,
    DeliveryFulfilledV1,
    agreementId,
    {
      ...o,
      deliveryId: randomUUID(),
      deliveredAt: o.dueAt,
      onTime: true,
      latenessSeconds: 0,
      occurredAt: o.dueAt,
    },
    fulfilledId,
  );
  // A later, distinct event shows the redelivery has been consumed (one partition per agreement key).
  const marker = await h.publish(Topics.consentObligation, DeliveryMissedV1, agreementId, {
    ...obligation(6, 0.2),
    occurredAt: ago(0.1),
  });
  await waitFor(
    async () => (await h.sql(`SELECT 1 FROM trust.evidence WHERE event_id = $1`, [marker])).length,
    { what: 'the marker recorded' },
  );
  expect(await evidenceCount()).toBe(n + 1);
  await waitFor(trust, {
    until: (t) => t.evidenceTotal > before.evidenceTotal,
    what: 'the marker scored',
  });
});

it('lists an open dispute as pending without counting it, and caps the score once it is upheld', async () => {
  const disputeId = randomUUID();
  const dispute = {
    ...DisputeOpenedV1.example,
    disputeId,
    agreementId,
    datasetId,
    openedBy: consumer,
    against: provider,
    category: 'quality' as const,
    description: 'values silently rescaled',
    occurredAt: ago(0.05),
  };
  const before = await trust();
  await h.publish(Topics.consentGovernance, DisputeOpenedV1, disputeId, dispute);
  const pending = await waitFor(trust, {
    until: (t) => t.pending.length === 1,
    what: 'the dispute pending',
  });
  expect(pending.pending[0]).toMatchObject({ eventId: disputeId });
  expect(pending.pending[0].note).toContain('not counted until resolved');
  // Only decay between the two readings (milliseconds) may move it.
  expect(pending.score).toBeCloseTo(before.score, 6);
  expect(pending.capsApplied).toEqual([]);

  const resolvedId = await h.publish(Topics.consentGovernance, DisputeResolvedV1, disputeId, {
    ...DisputeResolvedV1.example,
    ...dispute,
    outcome: 'upheld',
    upheldAgainst: provider,
    resolution: 'rescaling confirmed',
    resolvedBy: 'operator',
    openedAt: dispute.occurredAt,
    occurredAt: ago(0.01),
  });
  const capped = await waitFor(trust, {
    until: (t) => t.capsApplied.length === 1,
    what: 'the cap applied',
  });
  expect(capped.capsApplied[0]).toMatchObject({ kind: 'integrity', eventId: resolvedId });
  expect(capped.score).toBeLessThanOrEqual(0.4);
  expect(capped.pending).toEqual([]);
  expect(capped.tier).not.toBe('High');
  await rescored();
  const settled = await trust();
  const alerts = (await h.publishedEvents(provider, Topics.trustAlert)).map(
    (e) => e.data as TrustAlertRaisedV1,
  );
  expect(alerts).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'cap_applied', causeEventId: resolvedId, role: 'provider' }),
      // The alert carries the incremental score; the explanation recomputes it from the ledger.
      expect.objectContaining({ kind: 'sharp_drop', score: expect.closeTo(settled.score, 9) }),
    ]),
  );
});

it('raises the base rate with the standards a participant adopts (a = 0.4 + 0.2·SV)', async () => {
  const before = await trust();
  await h.publish(Topics.catalogParticipant, StandardAdoptedV1, provider, {
    participantId: provider,
    standardCode: 'open-licence',
    adoptedAt: ago(0),
    adoptedStandards: ['city-data-charter-v1', 'open-licence'],
  });
  const after = await waitFor(trust, {
    until: (t) => t.baseRate > 0.45,
    what: 'the base rate raised',
  });
  expect(after.baseRate).toBeCloseTo(0.5, 12);
  // Every dimension's prior moved up, so the score did too (caps aside).
  expect(after.score).toBeGreaterThanOrEqual(before.score);
  expect(after.dimensions.find((d) => d.name === 'communication')!.P).toBeCloseTo(0.5, 12);
});

it('serves the score history, the leaderboard by lower bound and the commitment index', async () => {
  await rescored();
  const now = await trust();
  const history = await h.call<{ points: Array<{ score: number; computedAt: string }> }>(
    'GET',
    `/v1/participants/${provider}/trust/history?role=provider`,
    { token },
  );
  expect(history.status).toBe(200);
  const points = history.body.points;
  // One point per rescoring; evidence arriving within TRUST_RESCORE_DELAY_MS shares one.
  expect(points.length).toBeGreaterThanOrEqual(3);
  expect(points.map((p) => p.computedAt)).toEqual([...points.map((p) => p.computedAt)].sort());
  expect(points.at(-1)!.score).toBeCloseTo(now.score, 12);

  const board = await h.call<{
    items: Array<{ rank: number; participantId: string; lowerBound: number }>;
  }>('GET', '/v1/trust/leaderboard?role=provider&limit=10', { token });
  const bounds = board.body.items.map((i) => i.lowerBound);
  expect(bounds).toEqual([...bounds].sort((a, b) => b - a));
  expect(board.body.items.find((i) => i.participantId === provider)).toBeDefined();

  const ci = await h.call<{ index: number; components: Array<{ name: string; value: number }> }>(
    'GET',
    `/v1/participants/${provider}/commitment`,
    { token },
  );
  expect(ci.status).toBe(200);
  const value = (name: string) => ci.body.components.find((c) => c.name === name)!.value;
  // Active for 40 days of 24 months; no renewals or exits yet (0.5 each); no reads; no standards stored.
  expect(value('tenure')).toBeCloseTo(40 / 30.4375 / 24, 2);
  expect([value('renewal'), value('noticeCompliance'), value('benefitRealised')]).toEqual([
    0.5, 0.5, 0,
  ]);
  expect(ci.body.index).toBeGreaterThan(0);
  // Published too, on the compacted topic under <participant>:commitment, for dashboards.
  const published = await waitFor(
    () => h.publishedEvents(`${provider}:commitment`, Topics.trustScore),
    { until: (x) => x.length > 0, what: 'the commitment index published' },
  );
  const last = published.at(-1)!;
  expect(last.type).toBe('trust.commitment.updated');
  expect((last.data as TrustCommitmentUpdatedV1).index).toBeCloseTo(ci.body.index, 2);

  expect(
    (await h.call('GET', `/v1/participants/${randomUUID()}/commitment`, { token })).status,
  ).toBe(404);
  const bad = await h.call(
    'GET',
    `/v1/participants/${provider}/trust/history?role=owner&from=yesterday`,
    { token },
  );
  expect(bad.status).toBe(400);
  expect((await h.call('GET', '/v1/trust/leaderboard?limit=0', { token })).status).toBe(400);
  expect((await h.call('GET', '/v1/trust/leaderboard')).status).toBe(401);
});

it('recomputes every state and score from the ledger equal to the incremental ones, and finds a drifted one', async () => {
  const ds = h.app.app.get(DataSource);
  const clean = await ds.transaction((em) => verifyState(em));
  // reliability, its short memory (the tier guard's) and integrity
  expect(clean.states).toBeGreaterThanOrEqual(3);
  expect(clean.maxDifference).toBeLessThan(1e-9);
  expect(clean.mismatches).toEqual([]);
  // Every stored score, recomputed from the ledger alone (aggregated in SQL), equals it.
  const scores = await ds.transaction((em) => verifyScores(em));
  expect(scores.scores).toBeGreaterThanOrEqual(1);
  expect(scores.maxDifference).toBeLessThan(1e-9);
  expect(scores.mismatches).toEqual([]);
  expect((await checkDrift(ds)).mismatches).toBe(0);
  await h.sql(
    `UPDATE trust.trust_profiles SET score = score + 0.01 WHERE participant_id = $1 AND role = 'provider'`,
    [provider],
  );
  expect((await ds.transaction((em) => verifyScores(em))).mismatches).toEqual([
    expect.objectContaining({ participantId: provider, role: 'provider' }),
  ]);
  // The scheduled drift check sees it too.
  expect(await checkDrift(ds)).toMatchObject({ mismatches: 1, scores: scores.scores });
  await h.sql(
    `UPDATE trust.trust_profiles SET score = score - 0.01 WHERE participant_id = $1 AND role = 'provider'`,
    [provider],
  );

  await h.sql(
    `UPDATE trust.trust_state SET r = r + 0.5 WHERE participant_id = $1 AND role = 'provider' AND dimension = 'reliability'`,
    [provider],
  );
  const drifted = await ds.transaction((em) => verifyState(em));
  expect(drifted.mismatches).toEqual([
    expect.objectContaining({
      participantId: provider,
      role: 'provider',
      dimension: 'reliability',
    }),
  ]);
  expect(drifted.maxDifference).toBeCloseTo(0.5, 9);
  await ds.transaction((em) => verifyState(em, { rebuild: true }));
  expect((await ds.transaction((em) => verifyState(em))).mismatches).toEqual([]);

  // A state row the ledger implies but the state lost is found, and rebuilt.
  await h.sql(
    `DELETE FROM trust.trust_state WHERE participant_id = $1 AND role = 'provider' AND dimension = 'reliability.recent'`,
    [provider],
  );
  const lost = await ds.transaction((em) => verifyState(em));
  expect(lost.mismatches).toEqual([
    expect.objectContaining({ participantId: provider, dimension: 'reliability.recent' }),
  ]);
  await ds.transaction((em) => verifyState(em, { rebuild: true }));
  const rebuilt = await ds.transaction((em) => verifyState(em));
  expect(rebuilt.mismatches).toEqual([]);
  expect(rebuilt.states).toBe(clean.states);
});

it('scores a provider within one agreement for that agreement’s parties only', async () => {
  const consumerToken = await h.token(consumer, ['participant']);
  const path = `/v1/participants/${provider}/trust?role=provider&agreementId=${agreementId}`;
  const dyadic = await h.call<TrustView & { scope: string }>('GET', path, { token: consumerToken });
  expect(dyadic.status).toBe(200);
  expect(dyadic.body.scope).toBe('agreement');
  expect(dyadic.body.dimensions.find((d) => d.name === 'reliability')!.r).toBeGreaterThan(3);
  // Another agreement's evidence does not enter, and strangers do not see the relationship.
  expect((await h.call('GET', path, { token })).status).toBe(404);
  const other = `/v1/participants/${provider}/trust?role=provider&agreementId=${randomUUID()}`;
  expect((await h.call('GET', other, { token: consumerToken })).status).toBe(404);
});

it('credits each completed month in force without a confirmed violation, once', async () => {
  const credit = h.app.app.get(CreditCleanMonthsHandler);
  const months = async (participantId: string, role: string) =>
    (
      await h.sql<{ month: string }>(
        `SELECT params->>'month' AS month FROM trust.evidence WHERE participant_id = $1 AND role = $2
         AND event_type = 'trust.integrity-month' ORDER BY 1`,
        [participantId, role],
      )
    ).map((r) => r.month);
  // The agreement came into force 40 days ago; the provider's upheld dispute is dated this month.
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
  const first = await credit.execute(now);
  expect(first).toBeGreaterThanOrEqual(2);
  expect(await months(consumer, 'consumer')).toContain(lastMonth);
  expect(await months(provider, 'provider')).toContain(lastMonth);
  expect(await credit.execute(now)).toBe(0);
  // Next month the current one completes; the provider's violation in it withholds its credit.
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2));
  await credit.execute(nextMonth);
  const thisMonth = now.toISOString().slice(0, 7);
  expect(await months(consumer, 'consumer')).toContain(thisMonth);
  expect(await months(provider, 'provider')).not.toContain(thisMonth);
});

it('caps one consumer’s share of a provider’s evidence and keeps the capped state verifiable', async () => {
  const p = randomUUID();
  const [major, minor] = [randomUUID(), randomUUID()];
  const agreements = [randomUUID(), randomUUID()];
  for (const [i, c] of [major, minor].entries())
    await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreements[i], {
      ...AgreementActivatedV1.example,
      agreementId: agreements[i],
      datasetId,
      providerId: p,
      consumerId: c,
      version: 3,
      occurredAt: ago(60),
    });
  // 30 on-time deliveries to the major consumer, 2 to the minor one, within the last month.
  const deliveries = [...Array.from({ length: 30 }, () => 0), 1, 1].map((who, n) => {
    const dueAt = ago(30 - n * 0.9);
    return h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreements[who], {
      ...DeliveryFulfilledV1.example,
      agreementId: agreements[who],
      datasetId,
      providerId: p,
      consumerId: [major, minor][who],
      obligationId: randomUUID(),
      sequence: n + 1,
      dueAt,
      graceUntil: new Date(Date.parse(dueAt) + 6 * 3600_000).toISOString(),
      deliveryId: randomUUID(),
      deliveredAt: dueAt,
      onTime: true,
      latenessSeconds: 0,
      occurredAt: dueAt,
    });
  });
  await Promise.all(deliveries);
  // The two keys may sit on different partitions: wait until the minor consumer's deliveries are
  // in the ledger too (with one counterparty nothing is capped) and the rescorer has caught up.
  await waitFor(
    async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM trust.evidence
            WHERE participant_id = $1 AND role = 'provider' AND event_type = $2`,
          [p, DeliveryFulfilledV1.type],
        )
      )[0].n,
    { until: (n) => n === 32, what: 'all 32 deliveries in the ledger' },
  );
  await rescored();
  const view = await waitFor(
    async () =>
      (
        await h.call<
          TrustView & {
            sharesCapped: Array<{ dimension: string; counterpartyId: string; factor: number }>;
          }
        >('GET', `/v1/participants/${p}/trust?role=provider`, { token })
      ).body,
    { until: (t) => (t.evidenceTotal ?? 0) > 20, what: '32 deliveries scored' },
  );
  // The major consumer's ~28 units of reliability evidence count as the floor of 20.
  const capped = view.sharesCapped.find((c) => c.dimension === 'reliability');
  expect(capped).toMatchObject({ counterpartyId: major });
  expect(capped!.factor).toBeLessThan(1);
  const reliability = view.dimensions.find((d) => d.name === 'reliability')!;
  expect(reliability.r).toBeLessThan(23);
  await rescored();
  const ds = h.app.app.get(DataSource);
  expect((await ds.transaction((em) => verifyState(em))).mismatches).toEqual([]);
  expect((await ds.transaction((em) => verifyScores(em))).mismatches).toEqual([]);
  const perCounterparty = await h.sql<{ counterparty: string }>(
    `SELECT counterparty FROM trust.trust_state WHERE participant_id = $1 AND dimension = 'reliability' ORDER BY 1`,
    [p],
  );
  expect(perCounterparty.map((r) => r.counterparty).sort()).toEqual([major, minor].sort());
});
