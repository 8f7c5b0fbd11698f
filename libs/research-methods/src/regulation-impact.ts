import { NotEstimable } from './ols';
import { MIN_SEGMENT_POINTS, segmentedRegression, type SegmentedFit } from './segmented-regression';

/*
 * A regulation change against a monthly indicator (docs/research.md §4): which months enter, where
 * the interruption falls, and the lines a plot needs (observed, fitted, and the pre-period trend
 * carried on as the counterfactual). The segmented regression itself is segmentedRegression.
 */

export interface MonthlyValue {
  /** Calendar month, UTC, as YYYY-MM. */
  month: string;
  /** Null when the indicator has no value that month (nothing due is not 0 % on time). */
  value: number | null;
}

export interface ImpactPoint {
  month: string;
  observed: number | null;
  fitted: number | null;
  /** The pre-period line carried past the change: what the fit says without it. */
  counterfactual: number | null;
  /** pre, post, or transition (left out). */
  segment: 'pre' | 'post' | 'transition';
}

export interface RegulationImpact {
  effectiveAt: string;
  /** The first month counted as after the change. */
  firstPostMonth: string;
  /** The month the change took effect in when it did not start on the first (left out). */
  transitionMonth: string | null;
  fit: SegmentedFit | null;
  /** Why there is no fit, when there is none. */
  notEstimable: string | null;
  /** Fitted minus counterfactual at the last month: the level and trend change together. */
  effectAtEnd: number | null;
  points: ImpactPoint[];
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Months since 0000-01, so consecutive months differ by one. */
export function monthNumber(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`${month} is not a YYYY-MM month`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/**
 * The interrupted time-series estimate for one indicator and one effective date. `series` must hold
 * complete months only (the caller leaves out the current month).
 */
export function regulationImpact(
  series: readonly MonthlyValue[],
  effectiveAt: string,
  opts: { level?: number; minSegment?: number } = {},
): RegulationImpact {
  const when = new Date(effectiveAt);
  if (Number.isNaN(when.getTime())) throw new RangeError(`${effectiveAt} is not a date-time`);
  const startsMonth =
    when.getUTCDate() === 1 &&
    when.getUTCHours() === 0 &&
    when.getUTCMinutes() === 0 &&
    when.getUTCSeconds() === 0 &&
    when.getUTCMilliseconds() === 0;
  const effectiveMonth = monthNumber(monthOf(when.toISOString()));
  const firstPost = startsMonth ? effectiveMonth : effectiveMonth + 1;
  const sorted = [...series].sort((a, b) => monthNumber(a.month) - monthNumber(b.month));
  const origin = sorted.length > 0 ? monthNumber(sorted[0].month) : firstPost;
  const segmentOf = (n: number): ImpactPoint['segment'] =>
    n >= firstPost ? 'post' : n === effectiveMonth && !startsMonth ? 'transition' : 'pre';
  const usable = sorted.filter(
    (p) => p.value !== null && segmentOf(monthNumber(p.month)) !== 'transition',
  );
  const label = (n: number) =>
    `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
  let fit: SegmentedFit | null = null;
  let notEstimable: string | null = null;
  try {
    fit = segmentedRegression(
      usable.map((p) => ({ t: monthNumber(p.month) - origin, y: p.value as number })),
      firstPost - origin,
      { level: opts.level, minSegment: opts.minSegment ?? MIN_SEGMENT_POINTS },
    );
  } catch (e) {
    if (!(e instanceof NotEstimable)) throw e;
    notEstimable = e.reason;
  }
  const t0 = firstPost - origin;
  const line = (t: number, withChange: boolean) => {
    if (!fit) return null;
    const base = fit.baselineLevel.estimate + fit.preTrend.estimate * t;
    if (!withChange || t < t0) return base;
    return base + fit.levelChange.estimate + fit.trendChange.estimate * (t - t0);
  };
  const points = sorted.map((p): ImpactPoint => {
    const n = monthNumber(p.month);
    const t = n - origin;
    return {
      month: p.month,
      observed: p.value,
      fitted: line(t, true),
      counterfactual: t >= t0 ? line(t, false) : null,
      segment: segmentOf(n),
    };
  });
  const last = points.at(-1);
  return {
    effectiveAt: when.toISOString(),
    firstPostMonth: label(firstPost),
    transitionMonth: startsMonth ? null : label(effectiveMonth),
    fit,
    notEstimable,
    effectAtEnd:
      last && last.fitted !== null && last.counterfactual !== null
        ? last.fitted - last.counterfactual
        : null,
    points,
  };
}
