import { randomUUID } from 'node:crypto';
import {
  AgreementAcceptedV1,
  AgreementActivatedV1,
  AgreementOfferedV1,
  AgreementRequestedV1,
  BenefitReportedV1,
  DeliveryCompletedV1,
  DeliveryDueV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeOpenedV1,
  ParticipantRegisteredV1,
  ParticipantSuspendedV1,
  RegulationChangedV1,
  Topics,
  TrustCommitmentUpdatedV1,
  TrustScoreUpdatedV1,
} from '@dx/contracts';
import { setTimeout as delay } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { KafkaConnection } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import { testInfra, waitFor } from '@dx/testing';
import { PgReadModelStore } from '../read-models/persistence/read-model-store.pg';
import {
  MissingTopicsError,
  rebuildReadModels,
} from '../read-models/application/rebuild-read-models';
import { READ_MODEL_TOPICS } from '../read-models/messaging/read-model-events.consumer';
import { InsightsHarness } from '../../test/insights-harness';
import type { Overview } from './queries/overview.query';
import type { TimeSeries } from '../timeseries/queries/timeseries.query';
import type { Relationship } from '../relationships/queries/relationships.query';

/*
 * The read models fed by real records on Kafka, and the overview computed from them: counts by
 * kind and state, on-time rate, quality, disputes and the trust distribution; a redelivered event
 * counts once; an older agreement event never overwrites a newer state; only dashboard and
 * operator tokens may read it.
 */
let h: InsightsHarness;
let dashboard: string;
const city = randomUUID();
const telecom = randomUUID();
const agreementId = randomUUID();
const datasetId = randomUUID();
const day = 86_400_000;
const ago = (d: number) => new Date(Date.now() - d * day).toISOString();

const overview = async () =>
  (await h.call<Overview>('GET', '/v1/insights/overview', { token: dashboard })).body;

beforeAll(async () => {
  h = await InsightsHarness.start();
  dashboard = await h.token(randomUUID(), ['dashboard']);
});

afterAll(async () => {
  await h?.close();
});

it('counts participants, agreements, deliveries, quality, disputes and trust from the topics', async () => {
  for (const [id, kind] of [
    [city, 'municipality'],
    [telecom, 'business'],
  ] as const)
    await h.publish(Topics.catalogParticipant, ParticipantRegisteredV1, id, {
      ...ParticipantRegisteredV1.example,
      participantId: id,
      kind,
      registeredAt: ago(100),
    });
  await h.publish(Topics.catalogParticipant, ParticipantSuspendedV1, telecom, {
    ...ParticipantSuspendedV1.example,
    participantId: telecom,
    suspendedAt: ago(1),
  });
  const base = {
    agreementId,
    datasetId,
    providerId: telecom,
    consumerId: city,
  };
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreementId, {
    ...AgreementActivatedV1.example,
    ...base,
    version: 4,
    occurredAt: ago(60),
  });
  // An older event arriving late does not move the agreement back.
  await h.publish(Topics.consentAgreement, AgreementRequestedV1, agreementId, {
    ...AgreementRequestedV1.example,
    ...base,
    version: 1,
    occurredAt: ago(70),
  });
  const obligation = (n: number) => ({
    ...base,
    obligationId: randomUUID(),
    sequence: n,
    dueAt: ago(30 - n),
    graceUntil: ago(30 - n - 0.25),
    occurredAt: ago(30 - n),
  });
  for (let n = 1; n <= 3; n++)
    await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
      ...DeliveryFulfilledV1.example,
      ...obligation(n),
      deliveryId: randomUUID(),
      deliveredAt: ago(30 - n),
      onTime: n !== 2,
      latenessSeconds: n === 2 ? 7200 : 0,
    });
  const missedId = await h.publish(Topics.consentObligation, DeliveryMissedV1, agreementId, {
    ...DeliveryMissedV1.example,
    ...obligation(4),
  });
  // A redelivery of the missed delivery: counted once.
  await h.publish(
    Topics.consentObligation,
    DeliveryMissedV1,
    agreementId,
    { ...DeliveryMissedV1.example, ...obligation(4) },
    missedId,
  );
  // After the redelivery on the same partition: once it is in, so is everything before it.
  const sentinel = await h.publish(Topics.consentObligation, DeliveryDueV1, agreementId, {
    ...DeliveryDueV1.example,
    ...obligation(5),
  });
  await h.publish(Topics.integrationDelivery, DeliveryCompletedV1, datasetId, {
    ...DeliveryCompletedV1.example,
    datasetId,
    providerId: telecom,
    deliveryId: randomUUID(),
    quality: { ...DeliveryCompletedV1.example.quality, completeness: 0.9 },
  });
  await h.publish(Topics.consentGovernance, DisputeOpenedV1, randomUUID(), {
    ...DisputeOpenedV1.example,
    disputeId: randomUUID(),
    agreementId,
    against: telecom,
    openedBy: city,
  });
  for (const [score, tier] of [
    [0.62, 'Established'],
    [0.81, 'High'],
  ] as const)
    await h.publish(Topics.trustScore, TrustScoreUpdatedV1, `${telecom}:provider`, {
      ...TrustScoreUpdatedV1.example,
      participantId: telecom,
      role: 'provider',
      score,
      tier,
      // A provider with a record (the contract's example is a newcomer without evidence).
      uncertainty: 0.2,
      evidenceTotal: 24,
      computedAt: new Date(Date.now() - (1 - score) * 1000).toISOString(),
    });

  await waitFor(
    async () =>
      (await h.sql(`SELECT 1 FROM insights.facts WHERE event_id = $1`, [sentinel])).length,
    { what: 'the obligation topic consumed' },
  );
  const o = await waitFor(overview, {
    until: (x) =>
      x.trust?.provider.tiers.High === 1 &&
      x.disputes?.open === 1 &&
      x.quality?.deliveries === 1 &&
      x.participants?.suspended === 1 &&
      x.agreements?.total === 1,
    what: 'every event in the read models',
  });
  expect(o.participants).toEqual({
    total: 2,
    byKind: { municipality: 1, business: 1 },
    suspended: 1,
  });
  expect(o.agreements).toMatchObject({ total: 1, active: 1, byState: { ACTIVE: 1 } });
  expect(o.deliveries).toEqual({ fulfilled: 3, onTime: 2, late: 1, missed: 1, onTimeRate: 0.5 });
  expect(o.quality.deliveries).toBe(1);
  expect(o.quality.meanByMeasure.completeness).toBeCloseTo(0.9, 12);
  expect(o.disputes).toEqual({ open: 1, resolved: 0, upheld: 0 });
  expect(o.trust.provider).toMatchObject({ count: 1, medianScore: 0.81, tiers: { High: 1 } });
  expect(o.trust.consumer.count).toBe(0);
});

it('serves indicators over time with regulation changes as markers, and refuses bad ranges', async () => {
  const regulation = await h.publish(Topics.consentGovernance, RegulationChangedV1, randomUUID(), {
    ...RegulationChangedV1.example,
    regulationId: randomUUID(),
    effectiveAt: ago(10),
    occurredAt: ago(12),
  });
  const benefit = await h.publish(Topics.consentGovernance, BenefitReportedV1, agreementId, {
    ...BenefitReportedV1.example,
    reportId: randomUUID(),
    agreementId,
    datasetId,
    periodFrom: ago(45),
    periodTo: ago(15),
    amountKzt: 2_000_000,
  });
  await waitFor(
    async () =>
      (
        await h.sql(`SELECT 1 FROM insights.facts WHERE event_id = ANY($1::uuid[])`, [
          [regulation, benefit],
        ])
      ).length,
    { until: (n) => n === 2, what: 'the regulation change and the benefit in the facts' },
  );
  const series = async (query: string) =>
    h.call<TimeSeries & { errors?: Array<{ path: string }> }>(
      'GET',
      `/v1/insights/timeseries?${query}`,
      {
        token: dashboard,
      },
    );
  const range = `from=${encodeURIComponent(ago(35))}&to=${encodeURIComponent(new Date().toISOString())}`;
  const onTime = await series(`metric=deliveries.onTimeRate&${range}&interval=day`);
  expect(onTime.status).toBe(200);
  expect(onTime.body.points.length).toBeGreaterThanOrEqual(35);
  // Due 29, 28, 27 and 26 days ago: on time, late, on time, missed.
  expect(onTime.body.points.filter((p) => p.value !== null).map((p) => p.value)).toEqual([
    1, 0, 1, 0,
  ]);
  expect(onTime.body.markers).toEqual([
    expect.objectContaining({ kind: 'regulation', title: RegulationChangedV1.example.title }),
  ]);
  const fulfilled = await series(`metric=deliveries.fulfilled&${range}&interval=week`);
  expect(fulfilled.body.points.reduce((n, p) => n + (p.value ?? 0), 0)).toBe(3);
  const trust = await series(`metric=trust.provider.median&${range}&interval=day`);
  expect(trust.body.points.at(-1)!.value).toBeCloseTo(0.81, 12);
  expect(trust.body.points[0].value).toBeNull();

  const saved = await series(`metric=impact.costAvoidedKzt&${range}&interval=week`);
  expect(saved.body.selfReported).toBe(true);
  expect(saved.body.points.reduce((n, p) => n + (p.value ?? 0), 0)).toBe(2_000_000);
  expect((await overview()).impact).toMatchObject({
    selfReported: true,
    reports: 1,
    costAvoidedKzt: 2_000_000,
    citizenServiceUsers: 0,
  });

  const unknown = await series('metric=happiness');
  expect(unknown.status).toBe(400);
  expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  expect(unknown.body.errors!.map((e) => e.path)).toContain('metric');
  const backwards = await series(
    `metric=deliveries.missed&from=${encodeURIComponent(ago(1))}&to=${encodeURIComponent(ago(2))}`,
  );
  expect(backwards.status).toBe(400);
  expect(backwards.body.errors!.map((e) => e.path)).toEqual(['from']);
  const tooMany = await series(
    `metric=deliveries.missed&from=${encodeURIComponent(ago(800))}&interval=hour`,
  );
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.errors!.map((e) => e.path)).toEqual(['interval']);
});

it('rebuilds the read models from the topics to the same overview', async () => {
  const before = await overview();
  const ds = h.app.app.get(DataSource);
  const connection = new KafkaConnection(
    { brokers: testInfra().kafkaBrokers, clientId: 'rebuild-test', topicPrefix: h.prefix },
    createLogger('rebuild-test'),
  );
  try {
    await ds.query(`DELETE FROM insights.agreements`); // drift the rebuild must repair
    const report = await rebuildReadModels({
      dataSource: ds,
      store: new PgReadModelStore(),
      connection,
      topics: READ_MODEL_TOPICS,
      logger: createLogger('rebuild-test'),
    });
    expect(report.events).toBeGreaterThanOrEqual(14);
  } finally {
    await connection.close();
  }
  const after = await overview();
  expect({ ...after, asOf: null }).toEqual({ ...before, asOf: null });
});

it('refuses to rebuild from a broker without the topics, naming them, and leaves the read models alone', async () => {
  const before = await overview();
  // A prefix under which no topic exists: as a new cluster, or a mistyped KAFKA_TOPIC_PREFIX.
  const connection = new KafkaConnection(
    {
      brokers: testInfra().kafkaBrokers,
      clientId: 'rebuild-test',
      topicPrefix: `${h.prefix}missing.`,
    },
    createLogger('rebuild-test'),
  );
  try {
    const rebuilding = rebuildReadModels({
      dataSource: h.app.app.get(DataSource),
      store: new PgReadModelStore(),
      connection,
      topics: READ_MODEL_TOPICS,
      logger: createLogger('rebuild-test'),
    });
    await expect(rebuilding).rejects.toBeInstanceOf(MissingTopicsError);
    await expect(rebuilding).rejects.toMatchObject({
      topics: READ_MODEL_TOPICS.map((t) => `${h.prefix}missing.${t}`),
      message: expect.stringContaining('the read models were left as they were'),
    });
  } finally {
    await connection.close();
  }
  const after = await overview();
  expect({ ...after, asOf: null }).toEqual({ ...before, asOf: null });
  expect(after.participants.total).toBeGreaterThan(0);
});

it('streams an update event when the read models change', async () => {
  const abort = new AbortController();
  const res = await fetch(`${h.app.url}/v1/insights/stream`, {
    headers: { authorization: `Bearer ${dashboard}` },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  const received = (async () => {
    const decoder = new TextDecoder();
    while (
      !/event: update\n(?:id: .*\n)?data: .*consent\.governance\.regulation-changed/.test(text)
    ) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return text;
  })();
  try {
    await h.publish(Topics.consentGovernance, RegulationChangedV1, randomUUID(), {
      ...RegulationChangedV1.example,
      regulationId: randomUUID(),
    });
    const frames = await waitFor(() => Promise.race([received, delay(200).then(() => '')]), {
      until: (t) => t.includes('regulation-changed'),
      what: 'an update on the stream',
    });
    const updates = [...frames.matchAll(/event: update\n(?:id: .*\n)?data: (.*)/g)].map(
      (m) => JSON.parse(m[1]) as { events: number; types: string[] },
    );
    const data = updates.find((u) => u.types.includes('consent.governance.regulation-changed'))!;
    expect(data.types).toContain('consent.governance.regulation-changed');
    expect(data.events).toBeGreaterThanOrEqual(1);
  } finally {
    abort.abort();
    await received.catch(() => undefined);
  }
  const participant = await h.token(randomUUID(), ['participant']);
  expect((await h.call('GET', '/v1/insights/stream', { token: participant })).status).toBe(403);
  expect((await h.call('GET', '/v1/insights/stream')).status).toBe(401);
});

it('answers only dashboard and operator tokens', async () => {
  const participant = await h.token(randomUUID(), ['participant']);
  const operator = await h.token(randomUUID(), ['operator']);
  const auditor = await h.token(randomUUID(), ['auditor']);
  const status = async (token?: string) =>
    (await h.call('GET', '/v1/insights/overview', token ? { token } : {})).status;
  expect(await status()).toBe(401);
  expect(await status(participant)).toBe(403);
  expect(await status(auditor)).toBe(403);
  expect(await status(operator)).toBe(200);
  expect(await status(dashboard)).toBe(200);
  const series = async (token: string) =>
    (await h.call('GET', '/v1/insights/timeseries?metric=deliveries.missed', { token })).status;
  expect(await series(participant)).toBe(403);
  expect(await series(operator)).toBe(200);
});

it('shows each relationship with both sides’ trust and commitment, operations and KMV outcomes', async () => {
  const base = { agreementId, datasetId, providerId: telecom, consumerId: city };
  // The negotiation: a counter-offer, accepted (older versions than the state already held).
  await h.publish(Topics.consentAgreement, AgreementOfferedV1, agreementId, {
    ...AgreementOfferedV1.example,
    ...base,
    version: 2,
    occurredAt: ago(68),
  });
  await h.publish(Topics.consentAgreement, AgreementAcceptedV1, agreementId, {
    ...AgreementAcceptedV1.example,
    ...base,
    version: 3,
    occurredAt: ago(66),
  });
  // The city shares back: a reciprocal agreement in force.
  const reverse = randomUUID();
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, reverse, {
    ...AgreementActivatedV1.example,
    agreementId: reverse,
    datasetId: randomUUID(),
    providerId: city,
    consumerId: telecom,
    version: 4,
    occurredAt: ago(20),
  });
  await h.publish(Topics.trustScore, TrustCommitmentUpdatedV1, `${telecom}:commitment`, {
    ...TrustCommitmentUpdatedV1.example,
    participantId: telecom,
    index: 0.44,
    computedAt: new Date().toISOString(),
  });
  const relationship = async () =>
    (
      await h.call<{ items: Relationship[] }>('GET', '/v1/insights/relationships', {
        token: dashboard,
      })
    ).body.items.find((r) => r.agreementId === agreementId);
  const r = await waitFor(relationship, {
    until: (x) =>
      x?.provider.commitment === 0.44 &&
      x.outcomes.cooperation === 1 &&
      x.outcomes.acquiescence !== null,
    what: 'the relationship with commitment, reciprocity and negotiation',
  });
  expect(r!.state).toBe('ACTIVE');
  expect(r!.provider).toMatchObject({
    participantId: telecom,
    trust: { score: 0.81, tier: 'High' },
    commitment: 0.44,
  });
  expect(r!.consumer).toMatchObject({ participantId: city, trust: null, commitment: null });
  expect(r!.deliveries).toEqual({ due: 4, onTime: 2, late: 1, missed: 1, onTimeRate: 0.5 });
  expect(r!.disputes).toEqual({ opened: 1, resolved: 0, upheld: 0 });
  expect(r!.outcomes).toEqual({
    acquiescence: 1,
    cooperation: 1,
    propensityToLeave: 0,
    functionalConflict: null,
    decisionUncertainty: 0.2,
  });
  const participant = await h.token(randomUUID(), ['participant']);
  expect((await h.call('GET', '/v1/insights/relationships', { token: participant })).status).toBe(
    403,
  );
  expect(
    (await h.call('GET', '/v1/insights/relationships?limit=0', { token: dashboard })).status,
  ).toBe(400);
});
