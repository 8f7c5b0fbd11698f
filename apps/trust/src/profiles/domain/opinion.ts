import { opinion, SPEC_MODEL } from '@dx/trust-model';

/** Non-informative prior weight W (docs/trust-model.md §5). */
export const PRIOR_WEIGHT = SPEC_MODEL.priorWeight;
/** Quantile of the conservative bound used for tiers and rankings. */
export const LOWER_BOUND_QUANTILE = SPEC_MODEL.lowerBoundQuantile;

/** A subjective-logic binomial opinion plus its projected probability and conservative bound. */
export interface Opinion {
  b: number;
  d: number;
  u: number;
  a: number;
  /** Projected probability P = b + a·u. */
  P: number;
  /** 5 % quantile of Beta(r + W·a, s + W·(1 − a)). */
  lowerBound: number;
}

/** Evidence (r positive, s negative) and base rate a → opinion (Jøsang 2016, §3.2). */
export function opinionFromEvidence(r: number, s: number, a: number, W = PRIOR_WEIGHT): Opinion {
  if (r < 0 || s < 0) throw new RangeError('evidence must be non-negative');
  if (a <= 0 || a >= 1) throw new RangeError('base rate must be in (0, 1)');
  return { a, ...opinion(r, s, a, W, LOWER_BOUND_QUANTILE) };
}

/**
 * Base rate from the shared-values index SV ∈ [0, 1] (share of platform standards adopted):
 * a = 0.4 + 0.2·SV, so adopting standards can never lift a newcomer above 0.6.
 */
export function baseRateFromSharedValues(sv: number): number {
  const clamped = Math.min(1, Math.max(0, sv));
  return 0.4 + 0.2 * clamped;
}
