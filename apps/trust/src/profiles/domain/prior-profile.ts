import type { TrustRole, TrustScoreUpdatedV1 } from '@dx/contracts';
import { baseRateFromSharedValues, opinionFromEvidence } from './opinion';

export const MODEL_VERSION = 'trust-1.0.0';
export const TRUST_ROLES: readonly TrustRole[] = ['provider', 'consumer'];

/**
 * A participant's global score for one role: the `trust.score.updated` payload, with the time as a
 * Date (one declaration of the fields, in libs/contracts).
 */
export type TrustProfile = Omit<TrustScoreUpdatedV1, 'scope' | 'computedAt'> & { computedAt: Date };

/**
 * The profile of a newcomer: no evidence, so the score is the prior (base rate from its shared
 * values, none adopted yet), uncertainty 1, and the tier Provisional (evidence floor not met).
 */
export function priorProfile(
  participantId: string,
  role: TrustRole,
  at: Date,
  sharedValues = 0,
): TrustProfile {
  const a = baseRateFromSharedValues(sharedValues);
  const o = opinionFromEvidence(0, 0, a);
  return {
    participantId,
    role,
    score: o.P,
    lowerBound: o.lowerBound,
    uncertainty: o.u,
    tier: 'Provisional',
    baseRate: a,
    evidenceTotal: 0,
    modelVersion: MODEL_VERSION,
    computedAt: at,
  };
}

/** The published and served shape of a global score is the event payload itself. */
export type ScoreView = TrustScoreUpdatedV1;

export function scoreView(p: TrustProfile): ScoreView {
  return {
    participantId: p.participantId,
    role: p.role,
    scope: 'global',
    score: p.score,
    lowerBound: p.lowerBound,
    uncertainty: p.uncertainty,
    tier: p.tier,
    baseRate: p.baseRate,
    evidenceTotal: p.evidenceTotal,
    modelVersion: p.modelVersion,
    computedAt: p.computedAt.toISOString(),
  };
}
