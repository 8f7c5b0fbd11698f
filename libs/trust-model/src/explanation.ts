import type { TrustRole } from '@dx/contracts';
import { DAY_MS, decayed } from './decay';
import { evidenceOf, type Evidence } from './evidence';
import type { Dimension, ModelConfig } from './model-config';
import {
  cappedTotals,
  capShares,
  capsAt,
  counterpartyTotalsAt,
  guardsAt,
  scoreOf,
  totalsAt,
  type CounterpartyTotals,
  type Score,
  type ShareCapped,
  type Totals,
} from './score';

/** An allegation not yet resolved: shown, never counted (docs/trust-model.md §3 integrity, §8). */
export interface PendingItem {
  eventId: string;
  type: string;
  openedAt: string;
  note: string;
}

export interface ExplainedEvent {
  eventId: string;
  type: string;
  dimension: Dimension;
  occurredAt: string;
  /** T(all evidence) − T(the counterfactual without this event's outcome). */
  deltaScore: number;
  reason: string;
}

/** A score as rescoring stores it with each snapshot: no event-level part (built on read). */
export interface ScoreSummary extends Omit<Score, 'asOf'> {
  participantId: string;
  scope: 'global' | 'agreement';
  agreementId?: string;
  computedAt: string;
  pending: PendingItem[];
  /** Counterparties whose evidence the share cap scaled down (global scope only). */
  sharesCapped: ShareCapped[];
}

export interface Explanation extends ScoreSummary {
  dimensions: Array<Score['dimensions'][number] & { trend90d: number }>;
  topNegative: ExplainedEvent[];
  topPositive: ExplainedEvent[];
  howToImprove: string[];
}

/** Templated reasons by evidence rule key; `{name}` is filled from the evidence's params. */
const REASONS: Record<string, string> = {
  'delivery.on-time': 'Scheduled delivery received on time.',
  'delivery.late': 'Scheduled delivery received {lateHours} h late (grace {graceHours} h).',
  'delivery.late-beyond-grace':
    'Scheduled delivery received {lateHours} h late, beyond the grace of {graceHours} h.',
  'delivery.missed': 'Scheduled delivery not received before the window closed.',
  'quality.evaluated':
    'Delivery quality {q} (completeness, validity, uniqueness, consistency, currentness, cross-source agreement).',
  'change.announced': 'Change announced {leadDays} days ahead (required notice {noticeDays} days).',
  'change.unannounced':
    'Change detected without prior announcement (required notice {noticeDays} days).',
  'integrity.clean-month': 'A month with an agreement in force and no confirmed violation.',
  'integrity.withdrawal-without-notice': 'Commitment withdrawn without the agreed notice.',
  'integrity.dispute-upheld': 'Dispute upheld against the participant: {reason}.',
  'rating.submitted': 'Rated {score}/5 by a consumer (credibility {credibility}).',
  'access.denied': 'Read attempted outside an agreement in force: {reason}.',
  'obligation.notice-respected': 'Agreement ended with the agreed notice.',
};

const IMPROVE: Record<string, string> = {
  'change.unannounced':
    'Announce changes at least {noticeDays} days ahead ({dimension} P {before} → {after} had this change been announced).',
  'delivery.missed':
    'Deliver every scheduled delivery before its window closes ({dimension} P {before} → {after} had this one arrived on time).',
  'delivery.late':
    'Deliver by the due time ({dimension} P {before} → {after} had this one been on time).',
  'delivery.late-beyond-grace':
    'Deliver by the due time ({dimension} P {before} → {after} had this one been on time).',
  'quality.evaluated':
    'Fix the quality issues reported for deliveries ({dimension} P {before} → {after} without this delivery’s shortfall).',
  'integrity.dispute-upheld':
    'Resolve the cause of the upheld dispute; its weight fades slowly (half-life {halfLife} days).',
};

function fill(template: string, params: Record<string, string | number | boolean | null>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? '?' : String(v);
  });
}

export function reasonOf(e: Evidence): string {
  return fill(REASONS[e.reasonKey] ?? `${e.eventType}.`, e.params);
}

/**
 * The totals with one event's outcome replaced by its counterfactual (kept, or absent): its
 * counterparty's evidence changed, and that dimension's share cap applied again.
 */
function counterfactualTotals(
  totals: Totals,
  byCounterparty: CounterpartyTotals,
  e: Evidence,
  asOf: Date,
  config: ModelConfig,
): Totals {
  const h = config.halfLifeDays[e.dimension];
  const age = (asOf.getTime() - e.occurredAt.getTime()) / DAY_MS;
  const dim = new Map(byCounterparty.get(e.dimension));
  const who = e.counterpartyId ?? '';
  const t = dim.get(who) ?? { r: 0, s: 0 };
  let r = t.r - e.r * decayed(h.positive, age);
  let s = t.s - e.s * decayed(h.negative, age);
  if (e.compliantValue !== undefined && e.v < e.compliantValue) {
    const kept = evidenceOf(e.compliantValue, e.w);
    r += kept.r * decayed(h.positive, age);
    s += kept.s * decayed(h.negative, age);
  }
  // Guard against −1e-17 from subtraction.
  dim.set(who, { r: Math.max(0, r), s: Math.max(0, s) });
  const out = new Map(totals);
  out.set(e.dimension, capShares(dim, config));
  return out;
}

/**
 * The explanation of docs/trust-model.md §12: the score with its dimensions (and their 90-day trend),
 * caps, pending allegations, the events that moved it most each way with their counterfactual
 * effect (O(1) per event from the cached totals) and templated reasons, and how to improve.
 */
export function explain(
  evidence: readonly Evidence[],
  p: {
    participantId: string;
    role: TrustRole;
    baseRate: number;
    asOf: Date;
    config: ModelConfig;
    scope?: 'global' | 'agreement';
    agreementId?: string;
    pending?: PendingItem[];
    top?: number;
  },
): Explanation {
  const { role, asOf, config } = p;
  const params = { role, baseRate: p.baseRate, asOf, config };
  const mine = evidence.filter((e) => e.role === role && e.occurredAt <= asOf);
  const byCounterparty = counterpartyTotalsAt(mine, role, asOf, config);
  const sharesCapped: ShareCapped[] = [];
  const totals = cappedTotals(byCounterparty, config, sharesCapped);
  const caps = capsAt(mine, role, asOf, config);
  const guards = guardsAt(mine, role, asOf, p.baseRate, config);
  const score = scoreOf(totals, caps, params, guards);
  const ago = new Date(asOf.getTime() - 90 * DAY_MS);
  const before = scoreOf(totalsAt(mine, role, ago, config), [], { ...params, asOf: ago });
  const active = new Set(score.dimensions.map((d) => d.name));
  const effects = mine
    .filter((e) => active.has(e.dimension))
    .map((e) => {
      const cf = scoreOf(
        counterfactualTotals(totals, byCounterparty, e, asOf, config),
        caps.filter((c) => c.eventId !== e.eventId),
        params,
        guards,
        false,
      );
      return { e, delta: score.score - cf.score, cf };
    });
  const top = p.top ?? 3;
  const view = ({ e, delta }: (typeof effects)[number]): ExplainedEvent => ({
    eventId: e.eventId,
    type: e.eventType,
    dimension: e.dimension,
    occurredAt: e.occurredAt.toISOString(),
    deltaScore: delta,
    reason: reasonOf(e),
  });
  const negative = effects.filter((x) => x.delta < -1e-9).sort((a, b) => a.delta - b.delta);
  const positive = effects.filter((x) => x.delta > 1e-9).sort((a, b) => b.delta - a.delta);
  const howToImprove = negative
    .filter((x) => IMPROVE[x.e.reasonKey])
    .slice(0, top)
    .map(({ e, cf }) =>
      fill(IMPROVE[e.reasonKey], {
        ...e.params,
        dimension: e.dimension,
        halfLife: config.halfLifeDays[e.dimension].negative,
        before: score.dimensions.find((d) => d.name === e.dimension)!.P.toFixed(2),
        after: cf.dimensions.find((d) => d.name === e.dimension)!.P.toFixed(2),
      }),
    );
  const { asOf: _omit, ...rest } = score;
  return {
    ...rest,
    participantId: p.participantId,
    scope: p.scope ?? 'global',
    ...(p.agreementId ? { agreementId: p.agreementId } : {}),
    computedAt: asOf.toISOString(),
    dimensions: score.dimensions.map((d) => ({
      ...d,
      trend90d: d.P - (before.dimensions.find((x) => x.name === d.name)?.P ?? p.baseRate),
    })),
    pending: p.pending ?? [],
    sharesCapped,
    topNegative: negative.slice(0, top).map(view),
    topPositive: positive.slice(0, top).map(view),
    howToImprove,
  };
}
