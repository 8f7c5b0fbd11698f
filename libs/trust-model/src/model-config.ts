import type { TrustRole } from '@dx/contracts';

/** Provider and consumer dimensions (docs/trust-model.md §1, §3). */
export const PROVIDER_DIMENSIONS = [
  'reliability',
  'quality',
  'communication',
  'integrity',
  'availability',
  'fitness',
] as const;
export const CONSUMER_DIMENSIONS = ['integrity', 'obligations', 'communication'] as const;
export type Dimension = (typeof PROVIDER_DIMENSIONS)[number] | (typeof CONSUMER_DIMENSIONS)[number];

export interface HalfLife {
  /** Days for positive evidence to lose half its weight. */
  positive: number;
  /** Days for negative evidence (slower for integrity: the asymmetry principle). */
  negative: number;
}

/**
 * Every parameter of the model (docs/trust-model.md §10), versioned: a snapshot stores the version it
 * was computed with, and a change of any value is a new version, never a silent edit.
 */
export interface ModelConfig {
  version: string;
  /** Non-informative prior weight W. */
  priorWeight: number;
  /** Quantile of the conservative bound (tiers and rankings use it). */
  lowerBoundQuantile: number;
  halfLifeDays: Record<Dimension, HalfLife>;
  /** Dimension weights per role; each role's weights sum to 1. */
  weights: Record<TrustRole, Partial<Record<Dimension, number>>>;
  /**
   * Per role, dimensions with no evidence producer yet: left out, their weight shared out among
   * the others in proportion (docs/trust-model.md §15), rather than pinning part of
   * every score at the prior.
   */
  inactiveDimensions: Record<TrustRole, Dimension[]>;
  integrityCap: { score: number; minWeight: number; windowDays: number };
  /**
   * Anti-gaming (§8): in the global scope, with two or more counterparties in a dimension, one
   * counterparty's decayed evidence counts at most as much as max(everyone else's, `minEvidence`)
   * — a share of at most `maxShare` (50 %) once others have a real say, and `minEvidence` units
   * while they have little, so adding a minor partner cannot wipe out a major one. Its r : s ratio
   * is kept. A sole counterparty is not capped (the global evidence is then the dyadic evidence);
   * evidence without a counterparty (the platform's own) is never scaled. Null: off.
   */
  counterpartyShareCap: { maxShare: number; minEvidence: number } | null;
  /**
   * Recent-behaviour guard (design, beyond §6): reliability re-estimated with a short half-life;
   * when its P falls below `minP` the tier is at most Low, whatever the long memory says. Null: off.
   */
  recentReliability: { halfLifeDays: number; minP: number } | null;
  /** Below this much (decayed) evidence in total the tier is Provisional whatever the score. */
  evidenceFloor: number;
  tiers: {
    high: { minScore: number; maxUncertainty: number };
    established: { minScore: number; maxUncertainty: number };
    provisionalAboveUncertainty: number;
  };
  /** Weights of the quality measures (redistributed over those that apply). */
  qualityWeights: Record<
    | 'completeness'
    | 'validity'
    | 'uniqueness'
    | 'consistency'
    | 'currentness'
    | 'crossSourceAgreement',
    number
  >;
  eigenTrust: { alpha: number; epsilon: number; maxIterations: number };
  /** Ratings count only with a fulfilled delivery this recent (proof of transaction). */
  ratingWindowDays: number;
  alerts: { sharpDrop: number; oscillationFlips: number; oscillationWindowDays: number };
  /** The platform-endorsed standards whose adoption is the shared-values index SV (§c.2). */
  endorsedStandards: string[];
  /** Commitment index component weights (§9); components without a producer are left out. */
  commitmentWeights: Record<CommitmentComponent, number>;
  inactiveCommitmentComponents: CommitmentComponent[];
}

export type CommitmentComponent =
  | 'tenure'
  | 'renewal'
  | 'noticeCompliance'
  | 'investment'
  | 'extraRoleSharing'
  | 'benefitRealised'
  | 'sharedValues';

const DIMENSION_HALF_LIVES: Record<Dimension, HalfLife> = {
  reliability: { positive: 90, negative: 90 },
  quality: { positive: 90, negative: 90 },
  fitness: { positive: 90, negative: 90 },
  obligations: { positive: 90, negative: 90 },
  communication: { positive: 180, negative: 180 },
  availability: { positive: 30, negative: 30 },
  integrity: { positive: 365, negative: 730 },
};

/** The specification's defaults, exactly as docs/trust-model.md §10 gives them. */
export const SPEC_MODEL: ModelConfig = {
  version: 'trust-1.0.0',
  priorWeight: 2,
  lowerBoundQuantile: 0.05,
  halfLifeDays: DIMENSION_HALF_LIVES,
  weights: {
    provider: {
      reliability: 0.25,
      quality: 0.2,
      communication: 0.15,
      integrity: 0.2,
      availability: 0.1,
      fitness: 0.1,
    },
    consumer: { integrity: 0.55, obligations: 0.25, communication: 0.2 },
  },
  inactiveDimensions: { provider: [], consumer: [] },
  integrityCap: { score: 0.4, minWeight: 5, windowDays: 180 },
  counterpartyShareCap: { maxShare: 0.5, minEvidence: 20 },
  recentReliability: null,
  evidenceFloor: 5,
  tiers: {
    high: { minScore: 0.8, maxUncertainty: 0.2 },
    established: { minScore: 0.6, maxUncertainty: 0.35 },
    provisionalAboveUncertainty: 0.35,
  },
  qualityWeights: {
    completeness: 0.25,
    validity: 0.2,
    uniqueness: 0.15,
    consistency: 0.15,
    currentness: 0.15,
    crossSourceAgreement: 0.1,
  },
  eigenTrust: { alpha: 0.15, epsilon: 1e-9, maxIterations: 1000 },
  ratingWindowDays: 30,
  alerts: { sharpDrop: 0.1, oscillationFlips: 2, oscillationWindowDays: 90 },
  endorsedStandards: [
    'city-data-charter-v1',
    'open-licence',
    'anonymisation-k5',
    'security-baseline-v1',
  ],
  commitmentWeights: {
    tenure: 0.15,
    renewal: 0.2,
    noticeCompliance: 0.15,
    investment: 0.15,
    extraRoleSharing: 0.1,
    benefitRealised: 0.15,
    sharedValues: 0.1,
  },
  inactiveCommitmentComponents: [],
};

/**
 * The model the platform runs: the specification with the dimensions that have no producer yet
 * left out — provider availability (no probes of participant endpoints) and consumer obligations
 * and communication (no reporting or issue events) — so consumers are scored on integrity alone.
 */
export const PLATFORM_MODEL: ModelConfig = {
  ...SPEC_MODEL,
  version: 'trust-1.2.0',
  // An on-off provider kept its tier for 220 simulated days on the long (90-day) memory alone; with
  // this guard 3–15 days over seven seeds, and no reliable provider ended Low (trust:simulate).
  recentReliability: { halfLifeDays: 10, minP: 0.5 },
  inactiveDimensions: { provider: ['availability'], consumer: ['obligations', 'communication'] },
  // No producer yet for integration artefacts maintained or datasets offered beyond agreements.
  inactiveCommitmentComponents: ['investment', 'extraRoleSharing'],
};

export function dimensionsOf(role: TrustRole): readonly Dimension[] {
  return role === 'provider' ? PROVIDER_DIMENSIONS : CONSUMER_DIMENSIONS;
}

/** The role's weights with inactive dimensions' weight shared out proportionally. */
export function effectiveWeights(config: ModelConfig, role: TrustRole): Map<Dimension, number> {
  const active = dimensionsOf(role).filter((d) => !config.inactiveDimensions[role].includes(d));
  const total = active.reduce((sum, d) => sum + (config.weights[role][d] ?? 0), 0);
  return new Map(active.map((d) => [d, (config.weights[role][d] ?? 0) / total]));
}

/** SV ∈ [0, 1]: the share of platform-endorsed standards a participant has adopted. */
export function sharedValuesIndex(config: ModelConfig, adopted: readonly string[]): number {
  const endorsed = config.endorsedStandards;
  return endorsed.length === 0
    ? 0
    : endorsed.filter((s) => adopted.includes(s)).length / endorsed.length;
}
