import {
  AgreementNoticeGivenV1,
  AgreementTerminatedV1,
  ChangeAnnouncedV1,
  ChangeUnannouncedV1,
  DeliveryCompletedV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  DeliveryRejectedV1,
  DisputeResolvedV1,
  type AgreementEventV1,
  type ChangeNoticeV1,
  type DeliveryObligationV1,
  type EventDefinition,
  type EventEnvelope,
  type TrustRole,
} from '@dx/contracts';
import { evidenceOf, type Evidence } from './evidence';
import type { Dimension, ModelConfig } from './model-config';

/** Bumped whenever a rule's mapping changes; stored on every evidence row. */
export const RULE_VERSION = 'rules-1.0.0';

/** What a rule may look up beyond the event: the parties of an agreement (from the ledger's replica). */
export interface RuleContext {
  config: ModelConfig;
  agreementParties(agreementId: string): { providerId: string; consumerId: string } | undefined;
}

/** A rule of one payload type: the events it reads are typed, never cast. */
type Rule<T> = (e: EventEnvelope<string, T>, ctx: RuleContext) => Evidence[];

const SECONDS_PER_DAY = 86_400;

function row(
  e: EventEnvelope,
  p: {
    participantId: string;
    role: TrustRole;
    dimension: Dimension;
    v: number;
    w: number;
    occurredAt: string;
    counterpartyId?: string | null;
    agreementId?: string | null;
    reasonKey: string;
    params?: Evidence['params'];
    compliantValue?: number;
  },
): Evidence {
  return {
    eventId: e.id,
    eventType: e.type,
    participantId: p.participantId,
    role: p.role,
    counterpartyId: p.counterpartyId ?? null,
    agreementId: p.agreementId ?? null,
    dimension: p.dimension,
    ...evidenceOf(p.v, p.w),
    occurredAt: new Date(p.occurredAt),
    ruleVersion: RULE_VERSION,
    reasonKey: p.reasonKey,
    params: p.params ?? {},
    ...(p.compliantValue !== undefined ? { compliantValue: p.compliantValue } : {}),
  };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** §3.1 reliability: +1 on time, 1 − ℓ/g within grace, −0.5 beyond, −1 missed; w = 1. */
const deliveryFulfilled: Rule<DeliveryObligationV1> = (e) => {
  const d = e.data;
  const grace = (Date.parse(d.graceUntil) - Date.parse(d.dueAt)) / 1000;
  const late = d.latenessSeconds ?? 0;
  const v = late <= 0 ? 1 : grace > 0 && late <= grace ? 1 - late / grace : -0.5;
  return [
    row(e, {
      participantId: d.providerId,
      role: 'provider',
      dimension: 'reliability',
      v,
      w: 1,
      occurredAt: d.deliveredAt ?? d.occurredAt,
      counterpartyId: d.consumerId,
      agreementId: d.agreementId,
      reasonKey:
        late <= 0 ? 'delivery.on-time' : v >= 0 ? 'delivery.late' : 'delivery.late-beyond-grace',
      params: {
        lateHours: round(late / 3600),
        graceHours: round(grace / 3600),
        sequence: d.sequence,
        deliveryId: d.deliveryId ?? null,
      },
      compliantValue: 1,
    }),
  ];
};

const deliveryMissed: Rule<DeliveryObligationV1> = (e) => {
  const d = e.data;
  return [
    row(e, {
      participantId: d.providerId,
      role: 'provider',
      dimension: 'reliability',
      v: -1,
      w: 1,
      occurredAt: d.occurredAt,
      counterpartyId: d.consumerId,
      agreementId: d.agreementId,
      reasonKey: 'delivery.missed',
      params: { sequence: d.sequence, dueAt: d.dueAt },
      compliantValue: 1,
    }),
  ];
};

/**
 * §3.2 quality: q = Σ ω_k m_k / Σ ω_k over the measures that apply; r += q, s += 1 − q, and each
 * critical breach adds s += 1 — folded into one row (w = 1 + breaches, v chosen so r and s come out
 * exactly so). A delivery is about the dataset, so no counterparty or agreement.
 */
const deliveryEvaluated: Rule<DeliveryCompletedV1> = (e, ctx) => {
  const d = e.data;
  let num = 0;
  let den = 0;
  for (const [k, omega] of Object.entries(ctx.config.qualityWeights)) {
    const m = d.quality[k as keyof typeof d.quality];
    if (typeof m === 'number') {
      num += omega * m;
      den += omega;
    }
  }
  const q = den === 0 ? 0 : num / den;
  // Empty deliveries fail completeness: "on time but empty" cannot score.
  const quality = d.records.received === 0 ? 0 : q;
  const breaches = d.criticalBreaches.length;
  const w = 1 + breaches;
  const v = (2 * quality - 1 - breaches) / w;
  return [
    row(e, {
      participantId: d.providerId,
      role: 'provider',
      dimension: 'quality',
      v,
      w,
      occurredAt: d.completedAt,
      reasonKey: 'quality.evaluated',
      params: { q: round(quality, 3), breaches, deliveryId: d.deliveryId },
    }),
  ];
};

/** §3.3 communication: announced with lead L against notice N: +1 if L ≥ N, else 2L/N − 1. */
const changeAnnounced: Rule<ChangeNoticeV1> = (e) => {
  const d = e.data;
  const L = d.leadSeconds / SECONDS_PER_DAY;
  const N = d.requiredNoticeDays;
  return [
    row(e, {
      participantId: d.providerId,
      role: 'provider',
      dimension: 'communication',
      v: N <= 0 || L >= N ? 1 : Math.max(-1, (2 * L) / N - 1),
      w: 1,
      occurredAt: d.announcedAt,
      counterpartyId: d.consumerId,
      agreementId: d.agreementId,
      reasonKey: 'change.announced',
      params: { leadDays: round(L), noticeDays: N, kind: d.kind },
    }),
  ];
};

const changeUnannounced: Rule<ChangeNoticeV1> = (e) => {
  const d = e.data;
  return [
    row(e, {
      participantId: d.providerId,
      role: 'provider',
      dimension: 'communication',
      v: -1,
      w: 2,
      occurredAt: d.effectiveAt,
      counterpartyId: d.consumerId,
      agreementId: d.agreementId,
      reasonKey: 'change.unannounced',
      params: { noticeDays: d.requiredNoticeDays, kind: d.kind },
    }),
  ];
};

/**
 * §3.4/7 integrity: a commitment withdrawn without the agreed notice (w = 5) counts against the
 * party that gave notice, in its role. Counted once: on notice-given, or on a termination that came
 * without a notice period.
 */
const noticeWithoutRespect: Rule<AgreementEventV1> = (e) => {
  const d = e.data;
  if (!d.notice || d.notice.noticeRespected || d.notice.givenBy === 'operator') return [];
  if (e.type === 'consent.agreement.terminated' && d.previousState === 'NOTICE_GIVEN') return [];
  const role: TrustRole = d.notice.givenBy;
  return [
    row(e, {
      participantId: role === 'provider' ? d.providerId : d.consumerId,
      role,
      dimension: 'integrity',
      v: -1,
      w: 5,
      occurredAt: d.occurredAt,
      counterpartyId: role === 'provider' ? d.consumerId : d.providerId,
      agreementId: d.agreementId,
      reasonKey: 'integrity.withdrawal-without-notice',
      params: { requiredNoticeDays: d.notice.requiredNoticeDays },
    }),
  ];
};

/** Weight of an upheld dispute by what it was about (§3.4, §3.7); null: counted elsewhere. */
const UPHELD_WEIGHT: Record<DisputeResolvedV1['category'], number | null> = {
  'purpose-violation': 10,
  'onward-sharing': 10,
  retention: 2,
  notice: 5,
  quality: 5,
  'unannounced-change': 5,
  other: 5,
  // Already reliability evidence from the obligation ledger: not counted twice.
  'late-delivery': null,
  'missed-delivery': null,
};

/**
 * Only confirmed violations count (§8 slander): an upheld dispute is integrity evidence against
 * the party found at fault, dated when the dispute was opened (the closest to the incident we know).
 */
const disputeResolved: Rule<DisputeResolvedV1> = (e, ctx) => {
  const d = e.data;
  const w = UPHELD_WEIGHT[d.category];
  if (d.outcome !== 'upheld' || !d.upheldAgainst || w === null) return [];
  const parties = ctx.agreementParties(d.agreementId);
  if (!parties) return [];
  const role: TrustRole | undefined =
    d.upheldAgainst === parties.providerId
      ? 'provider'
      : d.upheldAgainst === parties.consumerId
        ? 'consumer'
        : undefined;
  if (!role) return [];
  return [
    row(e, {
      participantId: d.upheldAgainst,
      role,
      dimension: 'integrity',
      v: -1,
      w,
      occurredAt: d.openedAt,
      counterpartyId: role === 'provider' ? parties.consumerId : parties.providerId,
      agreementId: d.agreementId,
      reasonKey: 'integrity.dispute-upheld',
      params: { category: d.category, reason: d.resolution, disputeId: d.disputeId },
    }),
  ];
};

/**
 * The rule of one or more event definitions, dispatched by type; an envelope of another
 * definition (or another version) carries no evidence under it.
 */
function ruleFor<TType extends string, T>(
  defs: ReadonlyArray<EventDefinition<TType, T>>,
  rule: Rule<T>,
): Record<string, (e: EventEnvelope, ctx: RuleContext) => Evidence[]> {
  return Object.fromEntries(
    defs.map((def) => [
      def.type,
      (e: EventEnvelope, ctx: RuleContext) => (def.is(e) ? rule(e, ctx) : []),
    ]),
  );
}

/** One rule per evidence-bearing event type (docs/trust-model.md §15). */
export const EVIDENCE_RULES: Readonly<
  Record<string, (e: EventEnvelope, ctx: RuleContext) => Evidence[]>
> = {
  ...ruleFor([DeliveryFulfilledV1], deliveryFulfilled),
  ...ruleFor([DeliveryMissedV1], deliveryMissed),
  ...ruleFor([ChangeAnnouncedV1], changeAnnounced),
  ...ruleFor([ChangeUnannouncedV1], changeUnannounced),
  ...ruleFor<string, DeliveryCompletedV1>(
    [DeliveryCompletedV1, DeliveryRejectedV1],
    deliveryEvaluated,
  ),
  ...ruleFor<string, AgreementEventV1>(
    [AgreementNoticeGivenV1, AgreementTerminatedV1],
    noticeWithoutRespect,
  ),
  ...ruleFor([DisputeResolvedV1], disputeResolved),
};

/** The evidence an event carries (none for types without a rule). */
export function evidenceFor(e: EventEnvelope, ctx: RuleContext): Evidence[] {
  return EVIDENCE_RULES[e.type]?.(e, ctx) ?? [];
}

/** A rating as evidence (§3.6): fitness, v = (x − 3)/2, w = 0.5 × the rater's credibility. */
export function ratingEvidence(r: {
  ratingId: string;
  providerId: string;
  raterId: string;
  agreementId: string;
  deliveryId: string;
  score: number;
  credibility: number;
  at: Date;
}): Evidence | null {
  if (!(r.credibility > 0)) return null;
  return {
    eventId: r.ratingId,
    eventType: 'trust.rating',
    participantId: r.providerId,
    role: 'provider',
    counterpartyId: r.raterId,
    agreementId: r.agreementId,
    dimension: 'fitness',
    ...evidenceOf((r.score - 3) / 2, 0.5 * r.credibility),
    occurredAt: r.at,
    ruleVersion: RULE_VERSION,
    reasonKey: 'rating.submitted',
    params: {
      score: r.score,
      credibility: Math.round(r.credibility * 1000) / 1000,
      deliveryId: r.deliveryId,
    },
  };
}

/**
 * §3.4/7 integrity credit: a calendar month with an agreement in force and no confirmed violation
 * is +1 (w = 1), dated at the month's end; keyed by participant, role and month, so it is given once.
 */
export function cleanMonthEvidence(p: {
  participantId: string;
  role: TrustRole;
  month: string; // YYYY-MM
  monthEnd: Date;
}): Evidence {
  return {
    eventId: `integrity-month:${p.participantId}:${p.role}:${p.month}`,
    eventType: 'trust.integrity-month',
    participantId: p.participantId,
    role: p.role,
    counterpartyId: null,
    agreementId: null,
    dimension: 'integrity',
    ...evidenceOf(1, 1),
    occurredAt: p.monthEnd,
    ruleVersion: RULE_VERSION,
    reasonKey: 'integrity.clean-month',
    params: { month: p.month },
  };
}
