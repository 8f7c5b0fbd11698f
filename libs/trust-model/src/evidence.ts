import type { TrustRole } from '@dx/contracts';
import type { Dimension } from './model-config';

/**
 * One evidence row (docs/trust-model.md §2, §14): what an event says about one participant in one
 * role and dimension. `v ∈ [−1, 1]` is the evidence value and `w > 0` its weight; `r` and `s` are the
 * positive and negative evidence they make. Keyed by (eventId, participantId, role, dimension).
 */
export interface Evidence {
  eventId: string;
  eventType: string;
  participantId: string;
  role: TrustRole;
  counterpartyId: string | null;
  agreementId: string | null;
  dimension: Dimension;
  v: number;
  w: number;
  r: number;
  s: number;
  occurredAt: Date;
  ruleVersion: string;
  /**
   * For a unit of a scheduled obligation (a delivery due), the value it would have had if kept
   * (+1): the counterfactual of a missed delivery is a delivery on time, not no delivery at all,
   * since such units are fixed by the schedule (docs/trust-model.md §8). Absent for evidence whose
   * counterfactual is its absence (an unannounced change that need not have happened).
   */
  compliantValue?: number;
  /** Template key of the explanation's reason, filled with `params`. */
  reasonKey: string;
  params: Record<string, string | number | boolean | null>;
}

/** BRS generalised feedback: r = w·(1 + v)/2, s = w·(1 − v)/2. */
export function evidenceOf(v: number, w: number): { v: number; w: number; r: number; s: number } {
  if (!(v >= -1 && v <= 1)) throw new RangeError(`evidence value ${v} is outside [-1, 1]`);
  if (!(w > 0)) throw new RangeError(`evidence weight ${w} must be positive`);
  return { v, w, r: (w * (1 + v)) / 2, s: (w * (1 - v)) / 2 };
}
