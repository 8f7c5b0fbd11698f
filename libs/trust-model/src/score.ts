import type { TrustRole, TrustTier } from '@dx/contracts';
import { DAY_MS, decayed } from './decay';
import type { Evidence } from './evidence';
import { betaQuantile } from './beta';
import { effectiveWeights, type Dimension, type HalfLife, type ModelConfig } from './model-config';

/** One dimension's opinion and its part in the score (docs/trust-model.md §5, §12). */
export interface DimensionScore {
  name: Dimension;
  weight: number;
  r: number;
  s: number;
  b: number;
  d: number;
  u: number;
  P: number;
  lowerBound: number;
  contribution: number;
}

export interface CapApplied {
  kind: 'integrity';
  cap: number;
  eventId: string;
  occurredAt: string;
  until: string;
}

/** A limit on the tier only (the score is left as computed). */
export interface TierGuard {
  kind: 'recent-reliability';
  /** The highest tier allowed. */
  maxTier: TrustTier;
  /** Reliability P over the short half-life, and the floor it fell under. */
  recentP: number;
  minP: number;
  halfLifeDays: number;
}

export interface Score {
  role: TrustRole;
  modelVersion: string;
  asOf: Date;
  /** T after caps. */
  score: number;
  /** T before caps. */
  uncapped: number;
  lowerBound: number;
  uncertainty: number;
  tier: TrustTier;
  baseRate: number;
  evidenceTotal: number;
  dimensions: DimensionScore[];
  capsApplied: CapApplied[];
  tierGuards: TierGuard[];
}

export type Totals = Map<Dimension, { r: number; s: number }>;

/**
 * The subject-logic opinion of evidence (r, s) with base rate a and prior weight W. The Beta
 * quantile is the costly part (an iterative inversion); counterfactuals, which need only P, skip it.
 */
export function opinion(
  r: number,
  s: number,
  a: number,
  W: number,
  quantile: number | null,
): { b: number; d: number; u: number; P: number; lowerBound: number } {
  const total = r + s + W;
  const b = r / total;
  const d = s / total;
  const u = W / total;
  return {
    b,
    d,
    u,
    P: b + a * u,
    lowerBound: quantile === null ? Number.NaN : betaQuantile(quantile, r + W * a, s + W * (1 - a)),
  };
}

/** Decayed evidence per dimension and counterparty ('' for the platform's own, no counterparty). */
export type CounterpartyTotals = Map<Dimension, Map<string, { r: number; s: number }>>;

/** Evidence summed per dimension and counterparty, each piece decayed by its age at `asOf`. */
export function counterpartyTotalsAt(
  evidence: readonly Evidence[],
  role: TrustRole,
  asOf: Date,
  config: ModelConfig,
): CounterpartyTotals {
  const totals: CounterpartyTotals = new Map();
  for (const e of evidence) {
    if (e.role !== role || e.occurredAt > asOf) continue;
    const h = config.halfLifeDays[e.dimension];
    const age = (asOf.getTime() - e.occurredAt.getTime()) / DAY_MS;
    const dim = totals.get(e.dimension) ?? new Map<string, { r: number; s: number }>();
    const t = dim.get(e.counterpartyId ?? '') ?? { r: 0, s: 0 };
    t.r += e.r * decayed(h.positive, age);
    t.s += e.s * decayed(h.negative, age);
    dim.set(e.counterpartyId ?? '', t);
    totals.set(e.dimension, dim);
  }
  return totals;
}

/** A counterparty whose evidence in a dimension was scaled down by the share cap. */
export interface ShareCapped {
  dimension: Dimension;
  counterpartyId: string;
  /** Its share of the dimension's evidence before the cap. */
  share: number;
  /** The factor its r and s were multiplied by. */
  factor: number;
}

/**
 * One dimension's evidence with the per-counterparty share cap applied (ModelConfig
 * .counterpartyShareCap): with two or more counterparties, each counts at most
 * max(others · maxShare/(1 − maxShare), minEvidence), the others being everyone else's evidence
 * before any scaling. With one counterparty there is no share to cap — the global evidence is the
 * dyadic evidence, as in the worked example of §13.
 */
export function capShares(
  byCounterparty: ReadonlyMap<string, { r: number; s: number }>,
  config: ModelConfig,
  onCapped?: (counterpartyId: string, share: number, factor: number) => void,
): { r: number; s: number } {
  const cap = config.counterpartyShareCap;
  let total = 0;
  let counterparties = 0;
  for (const [c, t] of byCounterparty) {
    total += t.r + t.s;
    if (c !== '') counterparties += 1;
  }
  let r = 0;
  let s = 0;
  for (const [counterparty, t] of byCounterparty) {
    const own = t.r + t.s;
    let k = 1;
    if (cap && counterparties > 1 && counterparty !== '' && own > 0) {
      const limit = Math.max(((total - own) * cap.maxShare) / (1 - cap.maxShare), cap.minEvidence);
      if (own > limit) {
        k = limit / own;
        onCapped?.(counterparty, own / total, k);
      }
    }
    r += t.r * k;
    s += t.s * k;
  }
  return { r, s };
}

/** The dimensions' totals with the share cap applied. */
export function cappedTotals(
  byCounterparty: CounterpartyTotals,
  config: ModelConfig,
  capped?: ShareCapped[],
): Totals {
  const totals: Totals = new Map();
  for (const [dimension, by] of byCounterparty)
    totals.set(
      dimension,
      capShares(by, config, (counterpartyId, share, factor) =>
        capped?.push({ dimension, counterpartyId, share, factor }),
      ),
    );
  return totals;
}

/** Evidence summed per dimension, decayed to `asOf`, each counterparty's share capped. */
export function totalsAt(
  evidence: readonly Evidence[],
  role: TrustRole,
  asOf: Date,
  config: ModelConfig,
): Totals {
  return cappedTotals(counterpartyTotalsAt(evidence, role, asOf, config), config);
}

/** Confirmed integrity violations heavy enough and recent enough to cap the score (§6). */
export function capsAt(
  evidence: readonly Evidence[],
  role: TrustRole,
  asOf: Date,
  config: ModelConfig,
): CapApplied[] {
  const { score, minWeight, windowDays } = config.integrityCap;
  return evidence
    .filter(
      (e) =>
        e.role === role &&
        e.dimension === 'integrity' &&
        e.v < 0 &&
        e.w >= minWeight &&
        e.occurredAt <= asOf &&
        asOf.getTime() - e.occurredAt.getTime() <= windowDays * DAY_MS,
    )
    .map((e) => ({
      kind: 'integrity' as const,
      cap: score,
      eventId: e.eventId,
      occurredAt: e.occurredAt.toISOString(),
      until: new Date(e.occurredAt.getTime() + windowDays * DAY_MS).toISOString(),
    }));
}

/**
 * The score of given totals: per-dimension opinions, their weighted average (T, U and the
 * heuristic bound L = Σ w·L_d), the integrity cap, and the tier.
 */
export function scoreOf(
  totals: Totals,
  caps: CapApplied[],
  p: { role: TrustRole; baseRate: number; asOf: Date; config: ModelConfig },
  guards: TierGuard[] = [],
  /** False for counterfactuals: the lower bounds (and so L) are left NaN. */
  withBounds = true,
): Score {
  const { config } = p;
  const W = config.priorWeight;
  const dimensions: DimensionScore[] = [];
  let T = 0;
  let L = 0;
  let U = 0;
  let evidenceTotal = 0;
  for (const [name, weight] of effectiveWeights(config, p.role)) {
    const { r, s } = totals.get(name) ?? { r: 0, s: 0 };
    const o = opinion(r, s, p.baseRate, W, withBounds ? config.lowerBoundQuantile : null);
    dimensions.push({ name, weight, r, s, ...o, contribution: weight * o.P });
    T += weight * o.P;
    L += weight * o.lowerBound;
    U += weight * o.u;
    evidenceTotal += r + s;
  }
  const capped = caps.length ? Math.min(T, ...caps.map((c) => c.cap)) : T;
  return {
    role: p.role,
    modelVersion: config.version,
    asOf: p.asOf,
    score: capped,
    uncapped: T,
    lowerBound: Math.min(L, capped),
    uncertainty: U,
    tier: guards.reduce<TrustTier>(
      (tier, g) => (TIER_RANK[tier] > TIER_RANK[g.maxTier] ? g.maxTier : tier),
      tierOf(capped, U, evidenceTotal, caps.length > 0, config),
    ),
    baseRate: p.baseRate,
    evidenceTotal,
    dimensions,
    capsApplied: caps,
    tierGuards: guards,
  };
}

const TIER_RANK: Record<TrustTier, number> = { Provisional: 0, Low: 1, Established: 2, High: 3 };

/**
 * What the incremental state keeps per participant and role: each dimension's decayed evidence, and
 * reliability again over the short memory of the recent-behaviour guard.
 */
export type StateKey = Dimension | typeof RECENT_RELIABILITY;
export const RECENT_RELIABILITY = 'reliability.recent';

/** The half-lives a state row decays by. */
export function halfLifeOf(key: StateKey, config: ModelConfig): HalfLife {
  if (key !== RECENT_RELIABILITY) return config.halfLifeDays[key];
  const days = config.recentReliability?.halfLifeDays ?? config.halfLifeDays.reliability.negative;
  return { positive: days, negative: days };
}

/**
 * The state keys of a role's dimension: the dimension itself, kept per counterparty (the share cap
 * needs each one's evidence), and for provider reliability the guard's short memory, kept whole.
 */
function tracksOf(
  role: TrustRole,
  dimension: Dimension,
  config: ModelConfig,
): Array<{ key: StateKey; halfLife: HalfLife; perCounterparty: boolean }> {
  const keys: Array<[StateKey, boolean]> = [[dimension, true]];
  if (config.recentReliability && role === 'provider' && dimension === 'reliability')
    keys.push([RECENT_RELIABILITY, false]);
  return keys.map(([key, perCounterparty]) => ({
    key,
    halfLife: halfLifeOf(key, config),
    perCounterparty,
  }));
}

/**
 * The state rows a piece of evidence adds to — key and counterparty ('' when the row is not kept
 * per counterparty, or the evidence has none) — each with the half-lives it decays by there.
 */
export function stateTracks(
  e: Pick<Evidence, 'dimension' | 'role' | 'counterpartyId'>,
  config: ModelConfig,
): Array<{ key: StateKey; counterparty: string; halfLife: HalfLife }> {
  return tracksOf(e.role, e.dimension, config).map((t) => ({
    key: t.key,
    counterparty: t.perCounterparty ? (e.counterpartyId ?? '') : '',
    halfLife: t.halfLife,
  }));
}

/** Every (role, dimension) → state key mapping with its half-lives, for set-based recomputation. */
export function stateTrackTable(config: ModelConfig): Array<{
  role: TrustRole;
  dimension: Dimension;
  key: StateKey;
  counterparty: boolean;
  positive: number;
  negative: number;
}> {
  return (['provider', 'consumer'] as const).flatMap((role) =>
    (Object.keys(config.halfLifeDays) as Dimension[]).flatMap((dimension) =>
      tracksOf(role, dimension, config).map((t) => ({
        role,
        dimension,
        key: t.key,
        counterparty: t.perCounterparty,
        ...t.halfLife,
      })),
    ),
  );
}

/** One state row recomputed from the evidence at `asOf` (the reference the lazy state must equal). */
export function stateTotalAt(
  evidence: readonly Evidence[],
  role: TrustRole,
  key: StateKey,
  asOf: Date,
  config: ModelConfig,
): { r: number; s: number } {
  let r = 0;
  let s = 0;
  for (const e of evidence) {
    if (e.role !== role || e.occurredAt > asOf) continue;
    const track = stateTracks(e, config).find((t) => t.key === key);
    if (!track) continue;
    const age = (asOf.getTime() - e.occurredAt.getTime()) / DAY_MS;
    r += e.r * decayed(track.halfLife.positive, age);
    s += e.s * decayed(track.halfLife.negative, age);
  }
  return { r, s };
}

/** The recent-behaviour guards in force (see ModelConfig.recentReliability), from the evidence. */
export function guardsAt(
  evidence: readonly Evidence[],
  role: TrustRole,
  asOf: Date,
  baseRate: number,
  config: ModelConfig,
): TierGuard[] {
  return guardsOf(
    stateTotalAt(evidence, role, RECENT_RELIABILITY, asOf, config),
    role,
    baseRate,
    config,
  );
}

/** The recent-behaviour guards in force, from the short-memory reliability totals. */
export function guardsOf(
  recent: { r: number; s: number },
  role: TrustRole,
  baseRate: number,
  config: ModelConfig,
): TierGuard[] {
  const g = config.recentReliability;
  if (!g || role !== 'provider') return [];
  const { r, s } = recent;
  const W = config.priorWeight;
  const P = (r + W * baseRate) / (r + s + W);
  return P < g.minP
    ? [
        {
          kind: 'recent-reliability',
          maxTier: 'Low',
          recentP: P,
          minP: g.minP,
          halfLifeDays: g.halfLifeDays,
        },
      ]
    : [];
}

export function tierOf(
  T: number,
  U: number,
  evidenceTotal: number,
  capped: boolean,
  config: ModelConfig,
): TrustTier {
  const t = config.tiers;
  if (evidenceTotal < config.evidenceFloor || U > t.provisionalAboveUncertainty)
    return 'Provisional';
  if (T >= t.high.minScore && U <= t.high.maxUncertainty && !capped) return 'High';
  if (T >= t.established.minScore && U <= t.established.maxUncertainty) return 'Established';
  return 'Low';
}

/** A participant's score in one role from its evidence rows (full recomputation). */
export function scoreEvidence(
  evidence: readonly Evidence[],
  p: { role: TrustRole; baseRate: number; asOf: Date; config: ModelConfig },
): Score {
  return scoreOf(
    totalsAt(evidence, p.role, p.asOf, p.config),
    capsAt(evidence, p.role, p.asOf, p.config),
    p,
    guardsAt(evidence, p.role, p.asOf, p.baseRate, p.config),
  );
}
