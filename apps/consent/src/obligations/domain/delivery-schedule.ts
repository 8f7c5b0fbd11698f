import { DateTime, Duration } from 'luxon';
import type { Terms } from '../../agreements/domain/terms';

/** A delivery the provider owes: the k-th period of the agreed cadence. */
export interface PlannedObligation {
  sequence: number;
  dueAt: Date;
  graceUntil: Date;
}

/**
 * Delivery k (k ≥ 1) is due at validFrom + k × deliveryFrequency, calendar-aware (P1M is a month,
 * not 30 days), and is missed after dueAt + gracePeriod. Slots past validTo are not owed.
 */
export function planObligation(terms: Terms, sequence: number): PlannedObligation | null {
  const from = DateTime.fromISO(terms.validFrom, { zone: 'utc' });
  const step = Duration.fromISO(terms.deliveryFrequency);
  const due = from.plus(step.mapUnits((x) => x * sequence));
  if (due.toMillis() > new Date(terms.validTo).getTime()) return null;
  const grace = due.plus(Duration.fromISO(terms.gracePeriod));
  return { sequence, dueAt: due.toJSDate(), graceUntil: grace.toJSDate() };
}

/** The first obligation after number `after` whose due time is at or after `at` (e.g. after a suspension). */
export function planFrom(terms: Terms, at: Date, after = 0): PlannedObligation | null {
  // Start near the answer (calendar units vary, so this is only an estimate), step back while the
  // previous slot is still at or after `at`, then forward to the first slot at or after it.
  const stepMs = Duration.fromISO(terms.deliveryFrequency).as('milliseconds');
  const elapsed = at.getTime() - new Date(terms.validFrom).getTime();
  let k = Math.max(after + 1, Math.floor(elapsed / stepMs));
  const atOrAfter = (n: number): boolean => {
    const p = planObligation(terms, n);
    return !p || p.dueAt.getTime() >= at.getTime();
  };
  while (k > after + 1 && atOrAfter(k - 1)) k--;
  for (; ; k++) {
    const p = planObligation(terms, k);
    if (!p) return null;
    if (p.dueAt.getTime() >= at.getTime()) return p;
  }
}

/** How a delivery at `deliveredAt` resolves an obligation. */
export function resolveDelivery(
  o: { dueAt: Date },
  deliveredAt: Date,
): { onTime: boolean; latenessSeconds: number } {
  const late = Math.max(0, Math.floor((deliveredAt.getTime() - o.dueAt.getTime()) / 1000));
  return { onTime: late === 0, latenessSeconds: late };
}
