import { randomUUID } from 'node:crypto';
import {
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  ParticipantRegisteredV1,
  Topics,
  TrustScoreUpdatedV1,
} from '@dx/contracts';
import { waitFor } from '@dx/testing';
import { InsightsHarness } from '../../test/insights-harness';
import type { ParticipantDetail } from './queries/participant-detail.query';

/*
 * The dashboard's participant view from real records on Kafka: the latest score of each role with
 * the reasons trust gave for its tier, disputes about the participant (opened, upheld, pending) and
 * its punctuality as a provider; an unknown id is a 404; only dashboard and operator tokens read it.
 */
let h: InsightsHarness;
let dashboard: string;
const taxi = randomUUID();
const city = randomUUID();
const agreementId = randomUUID();
const ago = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

beforeAll(async () => {
  h = await InsightsHarness.start();
  dashboard = await h.token(randomUUID(), ['dashboard']);
});

afterAll(async () => {
  await h?.close();
});

const detail = (id: string, token = dashboard) =>
  h.call<ParticipantDetail & { code?: string }>('GET', `/v1/insights/participants/${id}`, {
    token,
  });

it('explains a late, disputed provider: tier reasons, the upheld dispute, its punctuality', async () => {
  await h.publish(Topics.catalogParticipant, ParticipantRegisteredV1, taxi, {
    ...ParticipantRegisteredV1.example,
    participantId: taxi,
    kind: 'business',
    name: 'Taxi (synthetic)',
  });
  const score = (at: string, tier: 'Provisional' | 'Established', evidenceTotal: number) =>
    h.publish(Topics.trustScore, TrustScoreUpdatedV1, `${taxi}:provider`, {
      ...TrustScoreUpdatedV1.example,
      participantId: taxi,
      role: 'provider',
      score: 0.66,
      lowerBound: 0.55,
      uncertainty: 0.12,
      tier,
      evidenceTotal,
      computedAt: at,
      tierReasons: [
        tier === 'Established'
          ? {
              code: 'meets-tier',
              values: { tier, score: 0.66, minScore: 0.6, uncertainty: 0.12, maxUncertainty: 0.35 },
            }
          : { code: 'evidence-below-floor', values: { evidenceTotal, floor: 5 } },
      ],
    });
  await score(ago(10), 'Provisional', 2);
  await score(ago(1), 'Established', 31.5);
  const delivery = {
    ...DeliveryFulfilledV1.example,
    agreementId,
    providerId: taxi,
    consumerId: city,
  };
  await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
    ...delivery,
    onTime: true,
    latenessSeconds: 0,
  });
  await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
    ...delivery,
    obligationId: randomUUID(),
    onTime: false,
    latenessSeconds: 7200,
  });
  await h.publish(Topics.consentObligation, DeliveryMissedV1, agreementId, {
    ...DeliveryMissedV1.example,
    agreementId,
    providerId: taxi,
    consumerId: city,
  });
  const upheld = randomUUID();
  for (const disputeId of [upheld, randomUUID()])
    await h.publish(Topics.consentGovernance, DisputeOpenedV1, disputeId, {
      ...DisputeOpenedV1.example,
      disputeId,
      agreementId,
      openedBy: city,
      against: taxi,
    });
  await h.publish(Topics.consentGovernance, DisputeResolvedV1, upheld, {
    ...DisputeResolvedV1.example,
    disputeId: upheld,
    agreementId,
    openedBy: city,
    against: taxi,
    outcome: 'upheld',
    upheldAgainst: taxi,
  });

  const r = await waitFor(() => detail(taxi), {
    until: (x) =>
      x.status === 200 && x.body.disputes.upheldAgainst === 1 && x.body.deliveries.missed === 1,
    what: 'the participant view to take in every event',
  });
  expect(r.body).toEqual({
    participantId: taxi,
    name: 'Taxi (synthetic)',
    kind: 'business',
    trust: {
      provider: expect.objectContaining({
        tier: 'Established',
        evidenceTotal: 31.5,
        lowerBound: 0.55,
        tierReasons: [
          expect.objectContaining({
            code: 'meets-tier',
            values: expect.objectContaining({ tier: 'Established' }),
          }),
        ],
      }),
      consumer: null,
    },
    disputes: { openedAgainst: 2, upheldAgainst: 1, pendingAgainst: 1 },
    deliveries: { onTime: 1, late: 1, missed: 1 },
  });
});

it('answers 404 for a participant it has never heard of, and only to dashboards and operators', async () => {
  const unknown = await detail(randomUUID());
  expect([unknown.status, unknown.body.code]).toEqual([404, 'PARTICIPANT.NOT_FOUND']);
  const participant = await h.token(randomUUID(), ['participant']);
  expect((await detail(taxi, participant)).status).toBe(403);
});
