import { monthNumber, regulationImpact, type MonthlyValue } from './regulation-impact';

/** 26 months from 2024-10, with `f(t)` as the value of the t-th month. */
const series = (f: (t: number) => number | null): MonthlyValue[] =>
  Array.from({ length: 26 }, (_, t) => {
    const n = monthNumber('2024-10') + t;
    return {
      month: `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
      value: f(t),
    };
  });

describe('regulationImpact', () => {
  it('puts a change on the first of a month at that month, with no transition month', () => {
    // 2025-11 is the 14th month (t = 13): 13 months before, 13 after.
    const r = regulationImpact(
      series((t) => 0.7 + (t >= 13 ? 0.2 : 0)),
      '2025-11-01T00:00:00.000Z',
    );
    expect(r.firstPostMonth).toBe('2025-11');
    expect(r.transitionMonth).toBeNull();
    expect(r.fit!.pre).toBe(13);
    expect(r.fit!.post).toBe(13);
    expect(r.fit!.levelChange.estimate).toBeCloseTo(0.2, 10);
    expect(r.effectAtEnd).toBeCloseTo(0.2, 10);
    expect(r.points[13]).toMatchObject({ segment: 'post', observed: 0.7 + 0.2 });
    expect(r.points[13].counterfactual).toBeCloseTo(0.7, 10);
    expect(r.points[12].counterfactual).toBeNull();
  });

  it('leaves out the month a mid-month change took effect in', () => {
    const r = regulationImpact(
      series((t) => (t === 12 ? 5 : 1 + 0.01 * t)),
      '2025-10-15T00:00:00Z',
    );
    expect(r.transitionMonth).toBe('2025-10');
    expect(r.firstPostMonth).toBe('2025-11');
    expect(r.points[12].segment).toBe('transition');
    // The outlier in the transition month does not enter the fit.
    expect(r.fit!.pre + r.fit!.post).toBe(25);
    expect(r.fit!.levelChange.estimate).toBeCloseTo(0, 10);
  });

  it('skips months without a value rather than reading them as zero', () => {
    const r = regulationImpact(
      series((t) => (t % 5 === 0 ? null : 0.8)),
      '2025-11-01T00:00:00Z',
      { minSegment: 8 },
    );
    expect(r.fit!.n).toBe(20);
    expect(r.fit!.baselineLevel.estimate).toBeCloseTo(0.8, 10);
    expect(r.points[0]).toMatchObject({ observed: null });
  });

  it('says why when the series is too short before the change', () => {
    const r = regulationImpact(
      series(() => 1),
      '2025-06-01T00:00:00Z',
    );
    expect(r.fit).toBeNull();
    expect(r.notEstimable).toBe(
      '8 points before and 18 after the change; at least 12 on each side are needed',
    );
    expect(r.effectAtEnd).toBeNull();
  });
});
