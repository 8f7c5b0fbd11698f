import { Duration } from 'luxon';

/** The counts a delivery is judged on. */
export interface DeliveryCounts {
  received: number;
  valid: number;
  quarantined: number;
}

export interface DeliveryVerdict {
  rejected: boolean;
  /** Valid records over received ones (1 for an empty delivery: nothing in it was wrong). */
  validShare: number;
  /** Why it was rejected, in words for the provider; null when accepted. */
  reason: string | null;
  /** The breaches `delivery.rejected` carries (docs/trust-model.md §11). */
  criticalBreaches: string[];
}

/**
 * A delivery is all or nothing: under the dataset's minimum valid share it is rejected whole
 * (docs/adr/2026-11-26-integration-ingestion.md), at or above it its valid records apply.
 */
export function judgeDelivery(counts: DeliveryCounts, minValidity: number): DeliveryVerdict {
  const validShare = counts.received === 0 ? 1 : counts.valid / counts.received;
  const rejected = validShare < minValidity;
  return {
    rejected,
    validShare,
    reason: rejected
      ? `${counts.quarantined} of ${counts.received} records failed validation (valid share ${validShare.toFixed(3)} < ${minValidity})`
      : null,
    criticalBreaches: rejected ? [`validity<${minValidity}`] : [],
  };
}

/**
 * Currentness is judged against the strictest freshness the dataset's running agreements set
 * (ISO 8601 durations); durations that do not parse or are not positive are ignored, and with
 * none left there is nothing to judge against.
 */
export function strictestFreshnessMs(agreed: readonly string[]): number | undefined {
  return agreed
    .map((iso) => Duration.fromISO(iso).toMillis())
    .filter((ms) => Number.isFinite(ms) && ms > 0)
    .reduce<number | undefined>((min, ms) => (min === undefined || ms < min ? ms : min), undefined);
}

/**
 * Cross-source agreement (docs/trust-model.md §11): the share of matched records whose compared
 * attributes agree, to six decimals; null when nothing matched.
 */
export function crossSourceShare(m: { matched: number; agreeing: number }): number | null {
  return m.matched === 0 ? null : Math.round((m.agreeing / m.matched) * 1e6) / 1e6;
}
