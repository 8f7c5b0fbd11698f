import { NotEstimable, ols } from './ols';
import { tQuantile } from './student-t';

/*
 * Interrupted time series by segmented regression (Wagner et al. 2002):
 *
 *   y_t = β0 + β1·t + β2·post_t + β3·(t − t0)·post_t + ε_t
 *
 * β0 the level at the start, β1 the pre-period trend, β2 the change in level right after the
 * interruption, β3 the change in trend. Monthly indicators are autocorrelated, so the intervals use
 * Newey–West (HAC) standard errors with Bartlett weights and the lag rule ⌊4(n/100)^(2/9)⌋, with
 * the n/(n−k) small-sample factor, and Student's t with n − k degrees of freedom; the Durbin–Watson
 * statistic is reported so a reader can judge what is left. docs/research.md §4 says why.
 */

/** Fewer points than this on either side and no estimate is given (docs/research.md §4). */
export const MIN_SEGMENT_POINTS = 12;

export interface SeriesPoint {
  /** Position in the series (months from its first point); gaps are allowed. */
  t: number;
  y: number;
}

export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
  standardError: number;
}

export interface SegmentedFit {
  n: number;
  pre: number;
  post: number;
  baselineLevel: Estimate;
  preTrend: Estimate;
  levelChange: Estimate;
  trendChange: Estimate;
  /** Null when the fit is exact (no residuals to judge). */
  durbinWatson: number | null;
  hacLags: number;
  level: number;
}

/** Newey–West lag by the usual rule of thumb. */
export const neweyWestLags = (n: number): number => Math.floor(4 * (n / 100) ** (2 / 9));

/**
 * HAC covariance (XᵀX)⁻¹ S (XᵀX)⁻¹ · n/(n−k) with Bartlett weights; rows in time order.
 */
export function neweyWestCovariance(
  x: number[][],
  residuals: number[],
  xtxInverse: number[][],
  lags: number,
): number[][] {
  const n = x.length;
  const k = x[0].length;
  const s = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 0; t < n; t++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) s[a][b] += residuals[t] ** 2 * x[t][a] * x[t][b];
  for (let l = 1; l <= lags; l++) {
    const w = 1 - l / (lags + 1);
    for (let t = l; t < n; t++) {
      const ee = residuals[t] * residuals[t - l];
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++)
          s[a][b] += w * ee * (x[t][a] * x[t - l][b] + x[t - l][a] * x[t][b]);
    }
  }
  const mul = (p: number[][], q: number[][]) =>
    p.map((row) => q[0].map((_, j) => row.reduce((acc, v, i) => acc + v * q[i][j], 0)));
  const v = mul(mul(xtxInverse, s), xtxInverse);
  const factor = n / (n - k);
  return v.map((row) => row.map((c) => c * factor));
}

/**
 * Fits the segmented model to `points` (sorted by t) with the interruption at `t0` (the first
 * post-period position). Throws NotEstimable when a side has fewer than `minSegment` points.
 */
export function segmentedRegression(
  points: readonly SeriesPoint[],
  t0: number,
  opts: { level?: number; minSegment?: number } = {},
): SegmentedFit {
  const level = opts.level ?? 0.95;
  const minSegment = opts.minSegment ?? MIN_SEGMENT_POINTS;
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const pre = sorted.filter((p) => p.t < t0).length;
  const post = sorted.length - pre;
  if (pre < minSegment || post < minSegment)
    throw new NotEstimable(
      `${pre} points before and ${post} after the change; at least ${minSegment} on each side are needed`,
    );
  const x = sorted.map((p) => {
    const d = p.t >= t0 ? 1 : 0;
    return [1, p.t, d, (p.t - t0) * d];
  });
  const fit = ols(
    x,
    sorted.map((p) => p.y),
  );
  const lags = neweyWestLags(sorted.length);
  const cov = neweyWestCovariance(x, fit.residuals, fit.xtxInverse, lags);
  const q = tQuantile(1 - (1 - level) / 2, fit.n - fit.k);
  const est = (j: number): Estimate => {
    const se = Math.sqrt(cov[j][j]);
    return {
      estimate: fit.coefficients[j],
      standardError: se,
      lower: fit.coefficients[j] - q * se,
      upper: fit.coefficients[j] + q * se,
    };
  };
  const e = fit.residuals;
  let num = 0;
  for (let t = 1; t < e.length; t++) num += (e[t] - e[t - 1]) ** 2;
  const den = e.reduce((acc, v) => acc + v * v, 0);
  return {
    n: sorted.length,
    pre,
    post,
    baselineLevel: est(0),
    preTrend: est(1),
    levelChange: est(2),
    trendChange: est(3),
    durbinWatson: den > 0 ? num / den : null,
    hacLags: lags,
    level,
  };
}

export { NotEstimable };
