import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/*
 * The cluster (block) bootstrap: resample whole relationships with replacement, keep all their
 * months, re-estimate. Months of one relationship are not independent draws, so resampling rows
 * would pretend to more evidence than there is; resampling clusters keeps that dependence, and
 * with few clusters the intervals widen honestly (docs/research.md §3).
 */

export interface BootstrapInterval {
  /** Lower and upper percentile bounds, one pair per statistic. */
  lower: number[];
  upper: number[];
  /** Resamples in which the statistic could be computed (the rest are reported, not hidden). */
  used: number;
  failed: number;
}

export interface ClusterBootstrapOptions {
  replicates?: number;
  /** 0.95 for 95 % intervals. */
  level?: number;
  seed?: number;
}

/** The q-quantile of sorted values by linear interpolation (type 7, as R and NumPy default). */
export function quantileSorted(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile intervals of `statistic` over resamples of the clusters. `statistic` returns one
 * number per quantity, or throws when a resample cannot support it (a predictor that does not vary
 * in it, say); such resamples are counted as failed.
 */
export function clusterBootstrap<R>(
  rows: readonly R[],
  clusterOf: (row: R) => string,
  statistic: (rows: R[]) => number[],
  options: ClusterBootstrapOptions = {},
): BootstrapInterval {
  const replicates = options.replicates ?? 999;
  const level = options.level ?? 0.95;
  const rng = xoroshiro128plus(options.seed ?? 20021);
  const clusters = new Map<string, R[]>();
  for (const r of rows) {
    const c = clusterOf(r);
    clusters.set(c, [...(clusters.get(c) ?? []), r]);
  }
  const groups = [...clusters.values()];
  const draws: number[][] = [];
  let failed = 0;
  for (let b = 0; b < replicates; b++) {
    const sample: R[] = [];
    for (let i = 0; i < groups.length; i++)
      sample.push(...groups[unsafeUniformIntDistribution(0, groups.length - 1, rng)]);
    try {
      const value = statistic(sample);
      if (value.every(Number.isFinite)) draws.push(value);
      else failed++;
    } catch {
      failed++;
    }
  }
  const width = draws[0]?.length ?? 0;
  const alpha = (1 - level) / 2;
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < width; j++) {
    const sorted = draws.map((d) => d[j]).sort((a, b) => a - b);
    lower.push(quantileSorted(sorted, alpha));
    upper.push(quantileSorted(sorted, 1 - alpha));
  }
  return { lower, upper, used: draws.length, failed };
}
