import {
  AgreementNoticeGivenV1,
  AgreementTerminatedV1,
  ChangeAnnouncedV1,
  ChangeUnannouncedV1,
  createEnvelope,
  DeliveryCompletedV1,
  DeliveryDueV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  type EventDefinition,
} from '@dx/contracts';
import { evidenceFor, RULE_VERSION, type RuleContext } from './evidence-rules';
import { PLATFORM_MODEL } from './model-config';

/* One rule per evidence-bearing event type (docs/trust-model.md §3), checked on the contracts' examples. */
const provider = DeliveryFulfilledV1.example.providerId;
const consumer = DeliveryFulfilledV1.example.consumerId;
const ctx: RuleContext = {
  config: PLATFORM_MODEL,
  agreementParties: (id) =>
    id === DisputeResolvedV1.example.agreementId
      ? {
          providerId: DisputeResolvedV1.example.against,
          consumerId: DisputeResolvedV1.example.openedBy,
        }
      : undefined,
};

function event<T extends object>(def: EventDefinition<string, T>, data: Partial<T> = {}) {
  return createEnvelope({
    time: new Date(),
    type: def.type,
    version: def.version,
    source: 'test',
    subject: 'x',
    data: { ...def.example, ...data },
  });
}

it('scores a delivery by its lateness against the grace period (§3.1)', () => {
  // 1.5 h late with 6 h of grace: v = 1 − 0.25.
  const [late] = evidenceFor(event(DeliveryFulfilledV1), ctx);
  expect(late).toMatchObject({
    participantId: provider,
    role: 'provider',
    counterpartyId: consumer,
    dimension: 'reliability',
    v: 0.75,
    w: 1,
    r: 0.875,
    s: 0.125,
    reasonKey: 'delivery.late',
    compliantValue: 1,
    ruleVersion: RULE_VERSION,
    occurredAt: new Date(DeliveryFulfilledV1.example.deliveredAt!),
  });
  expect(
    evidenceFor(event(DeliveryFulfilledV1, { latenessSeconds: 0, onTime: true }), ctx)[0].v,
  ).toBe(1);
  expect(evidenceFor(event(DeliveryFulfilledV1, { latenessSeconds: 30_000 }), ctx)[0].v).toBe(-0.5);
  expect(evidenceFor(event(DeliveryMissedV1), ctx)[0]).toMatchObject({
    v: -1,
    reasonKey: 'delivery.missed',
  });
  expect(evidenceFor(event(DeliveryDueV1), ctx)).toEqual([]);
});

it('weighs the quality measures that apply, and each critical breach as one more negative (§3.2)', () => {
  const [q] = evidenceFor(event(DeliveryCompletedV1), ctx);
  const m = DeliveryCompletedV1.example.quality;
  // crossSourceAgreement is null in the example: its weight is shared out.
  const expected =
    (0.25 * m.completeness +
      0.2 * m.validity +
      0.15 * m.uniqueness +
      0.15 * m.consistency +
      0.15 * m.currentness!) /
    0.9;
  expect(q.dimension).toBe('quality');
  expect(q.r).toBeCloseTo(expected, 12);
  expect(q.s).toBeCloseTo(1 - expected, 12);
  const [breached] = evidenceFor(
    event(DeliveryCompletedV1, { criticalBreaches: ['validity<0.5', 'completeness<0.8'] }),
    ctx,
  );
  expect(breached.r).toBeCloseTo(expected, 12);
  expect(breached.s).toBeCloseTo(1 - expected + 2, 12);
  const [empty] = evidenceFor(
    event(DeliveryCompletedV1, {
      records: { received: 0, accepted: 0, quarantined: 0, unchanged: 0 },
    }),
    ctx,
  );
  expect([empty.r, empty.s]).toEqual([0, 1]);
});

it('credits notice in proportion to lead time and penalises unannounced changes double (§3.3)', () => {
  const full = evidenceFor(
    event(ChangeAnnouncedV1, { leadSeconds: 14 * 86_400, requiredNoticeDays: 14 }),
    ctx,
  );
  expect(full[0]).toMatchObject({ dimension: 'communication', v: 1, w: 1 });
  const half = evidenceFor(
    event(ChangeAnnouncedV1, { leadSeconds: 7 * 86_400, requiredNoticeDays: 14 }),
    ctx,
  );
  expect(half[0].v).toBeCloseTo(0, 12);
  expect(evidenceFor(event(ChangeUnannouncedV1), ctx)[0]).toMatchObject({ v: -1, w: 2, s: 2 });
});

it('counts a withdrawal without the agreed notice once, against whoever gave it (§3.4)', () => {
  const notice = {
    givenBy: 'consumer' as const,
    effectiveAt: '2026-04-01T00:00:00.000Z',
    requiredNoticeDays: 30,
    noticeRespected: false,
  };
  const [v] = evidenceFor(event(AgreementNoticeGivenV1, { notice }), ctx);
  expect(v).toMatchObject({
    participantId: AgreementNoticeGivenV1.example.consumerId,
    role: 'consumer',
    dimension: 'integrity',
    v: -1,
    w: 5,
  });
  // The termination that follows the notice is the same act.
  expect(
    evidenceFor(event(AgreementTerminatedV1, { notice, previousState: 'NOTICE_GIVEN' }), ctx),
  ).toEqual([]);
  expect(
    evidenceFor(event(AgreementTerminatedV1, { notice, previousState: 'ACTIVE' }), ctx),
  ).toHaveLength(1);
  expect(
    evidenceFor(
      event(AgreementNoticeGivenV1, { notice: { ...notice, noticeRespected: true } }),
      ctx,
    ),
  ).toEqual([]);
});

it('counts only upheld disputes, by category, against the party at fault (§8 slander)', () => {
  expect(evidenceFor(event(DisputeOpenedV1), ctx)).toEqual([]);
  const base = DisputeResolvedV1.example;
  expect(
    evidenceFor(event(DisputeResolvedV1, { outcome: 'dismissed', upheldAgainst: undefined }), ctx),
  ).toEqual([]);
  const [upheld] = evidenceFor(
    event(DisputeResolvedV1, {
      outcome: 'upheld',
      upheldAgainst: base.against,
      category: 'quality',
    }),
    ctx,
  );
  expect(upheld).toMatchObject({
    participantId: base.against,
    role: 'provider',
    dimension: 'integrity',
    w: 5,
  });
  expect(upheld.occurredAt).toEqual(new Date(base.openedAt));
  const [purpose] = evidenceFor(
    event(DisputeResolvedV1, {
      outcome: 'upheld',
      upheldAgainst: base.openedBy,
      category: 'purpose-violation',
    }),
    ctx,
  );
  expect(purpose).toMatchObject({ participantId: base.openedBy, role: 'consumer', w: 10 });
  // Late deliveries are already reliability evidence: not counted twice.
  expect(
    evidenceFor(
      event(DisputeResolvedV1, {
        outcome: 'upheld',
        upheldAgainst: base.against,
        category: 'late-delivery',
      }),
      ctx,
    ),
  ).toEqual([]);
});
