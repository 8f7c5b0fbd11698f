import { calibration, rocAuc, type ReliabilityBin } from './classification';

/**
 * One obligation due in a month, with what was known at the end of the month before: the
 * provider's trust score (a projected probability of keeping its word) and, as the naive
 * baseline, the provider's on-time rate in that month.
 */
export interface ForecastObservation {
  provider: string;
  /** The month the obligation fell due, `YYYY-MM`. */
  month: string;
  /** Trust score at the end of the previous month; null when there was none yet. */
  score: number | null;
  /** The model version that produced that score. */
  modelVersion: string | null;
  /** On-time rate of the provider's obligations due in the previous month; null when none. */
  lastMonthOnTimeRate: number | null;
  /** 1 kept on time, 0 late or missed. */
  onTime: 0 | 1;
}

export interface ForecastQuality {
  /** Expected calibration error of the forecast as P(on time), 10 equal-width bins. */
  ece: number;
  brier: number;
  /** AUC for "will miss or be late" with risk = 1 − forecast; null when one class is absent. */
  auc: number | null;
  bins: ReliabilityBin[];
}

export interface PredictiveValidity {
  /** Observations with both forecasts; the two are compared on exactly these. */
  n: number;
  providers: number;
  months: number;
  /** Share of the observations that were late or missed. */
  missOrLateRate: number | null;
  /** Left out: no score yet, or no obligation due the month before (no baseline). */
  excluded: { noScore: number; noBaseline: number };
  score: ForecastQuality | null;
  baseline: ForecastQuality | null;
  /** AUC of the score minus AUC of the baseline; positive means the score ranks risk better. */
  aucDifference: number | null;
  modelVersions: Array<{ version: string; n: number }>;
  caveats: string[];
}

/** Fewer providers than this: discrimination is mostly telling the providers apart, said so. */
export const FEW_PROVIDERS = 10;

function quality(forecasts: number[], onTime: (0 | 1)[]): ForecastQuality {
  const c = calibration(forecasts, onTime);
  return {
    ece: c.ece,
    brier: c.brier,
    auc: rocAuc(
      forecasts.map((p) => 1 - p),
      onTime.map((y) => (1 - y) as 0 | 1),
    ),
    bins: c.bins,
  };
}

/**
 * Does the trust score predict next month's punctuality better than last month's on-time rate?
 * Both forecasts are scored on the same observations (docs/research.md §7): calibration as a
 * probability of on time, discrimination of the obligations that were late or missed.
 */
export function predictiveValidity(
  observations: readonly ForecastObservation[],
): PredictiveValidity {
  const noScore = observations.filter((o) => o.score === null).length;
  const noBaseline = observations.filter(
    (o) => o.score !== null && o.lastMonthOnTimeRate === null,
  ).length;
  const used = observations.filter((o) => o.score !== null && o.lastMonthOnTimeRate !== null);
  const caveats: string[] = [];
  const providers = new Set(used.map((o) => o.provider)).size;
  const versions = new Map<string, number>();
  for (const o of used)
    versions.set(o.modelVersion ?? 'unknown', (versions.get(o.modelVersion ?? 'unknown') ?? 0) + 1);
  const base = {
    n: used.length,
    providers,
    months: new Set(used.map((o) => o.month)).size,
    excluded: { noScore, noBaseline },
    modelVersions: [...versions].map(([version, n]) => ({ version, n })),
  };
  if (used.length === 0) {
    caveats.push('no obligation had both a score and a previous month to compare with');
    return {
      ...base,
      missOrLateRate: null,
      score: null,
      baseline: null,
      aucDifference: null,
      caveats,
    };
  }
  const onTime = used.map((o) => o.onTime);
  const score = quality(
    used.map((o) => o.score!),
    onTime,
  );
  const baseline = quality(
    used.map((o) => o.lastMonthOnTimeRate!),
    onTime,
  );
  if (providers < FEW_PROVIDERS)
    caveats.push(
      `${providers} providers: the score is constant within a provider-month, so its AUC mostly measures how well it tells these providers apart; read it with the reliability diagram, not as a general result`,
    );
  if (versions.size > 1)
    caveats.push(
      'the forecasts come from more than one model version (listed); compare them apart before pooling',
    );
  if (score.auc === null)
    caveats.push('every obligation had the same outcome: discrimination cannot be measured');
  return {
    ...base,
    missOrLateRate: onTime.filter((y) => y === 0).length / used.length,
    score,
    baseline,
    aucDifference: score.auc !== null && baseline.auc !== null ? score.auc - baseline.auc : null,
    caveats,
  };
}
