import type { HalfLife } from './model-config';

export const DAY_MS = 86_400_000;

/** Per-day factor λ = 2^(−1/h) raised to an age in days: the weight left of evidence that old. */
export function decayed(halfLifeDays: number, ageDays: number): number {
  return Math.pow(2, -ageDays / halfLifeDays);
}

/** Decayed evidence of one dimension at `asOf` (docs/trust-model.md §4). */
export interface DecayedEvidence {
  r: number;
  s: number;
  asOf: Date;
}

export const EMPTY = (asOf: Date): DecayedEvidence => ({ r: 0, s: 0, asOf });

/**
 * Lazy decay: the state moved to a later time, r and s each by their own half-life. Moving
 * backwards is refused (late events are added with their own age instead, see {@link addEvidence}).
 */
export function advance(state: DecayedEvidence, to: Date, h: HalfLife): DecayedEvidence {
  const days = (to.getTime() - state.asOf.getTime()) / DAY_MS;
  if (days < 0) throw new RangeError('decay cannot run backwards');
  if (days === 0) return state;
  return {
    r: state.r * decayed(h.positive, days),
    s: state.s * decayed(h.negative, days),
    asOf: to,
  };
}

/**
 * Adds one piece of evidence that occurred at `at` to a state kept at `asOf`: it enters already
 * decayed by its age, so arrival order does not matter (a late event counts as if on time). Evidence
 * from after `asOf` first moves the state forward.
 */
export function addEvidence(
  state: DecayedEvidence,
  e: { r: number; s: number; occurredAt: Date },
  h: HalfLife,
): DecayedEvidence {
  const base = e.occurredAt > state.asOf ? advance(state, e.occurredAt, h) : state;
  const age = (base.asOf.getTime() - e.occurredAt.getTime()) / DAY_MS;
  return {
    r: base.r + e.r * decayed(h.positive, age),
    s: base.s + e.s * decayed(h.negative, age),
    asOf: base.asOf,
  };
}
