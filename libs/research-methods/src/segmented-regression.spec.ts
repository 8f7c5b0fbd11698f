import { NotEstimable, neweyWestLags, segmentedRegression } from './segmented-regression';
import reference from './__fixtures__/reference-values.json';

const close = (actual: number, expected: number, tol: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);

describe('segmentedRegression', () => {
  const ref = reference.segmented;

  it('matches statsmodels OLS with HAC (Newey–West, corrected) errors and t intervals', () => {
    const fit = segmentedRegression(ref.points, ref.t0);
    expect(fit.hacLags).toBe(ref.lags);
    const parts = [fit.baselineLevel, fit.preTrend, fit.levelChange, fit.trendChange];
    parts.forEach((p, j) => {
      close(p.estimate, ref.coefficients[j], 1e-10);
      close(p.standardError, ref.standardErrors[j], 1e-10);
      close(p.lower, ref.lower[j], 1e-9);
      close(p.upper, ref.upper[j], 1e-9);
    });
    close(fit.durbinWatson!, ref.durbinWatson, 1e-10);
    expect(fit.pre).toBe(14);
    expect(fit.post).toBe(16);
  });

  it('recovers an exact level and trend change from a noiseless series', () => {
    const points = Array.from({ length: 26 }, (_, t) => ({
      t,
      y: 0.6 + 0.01 * t + (t >= 13 ? 0.2 - 0.005 * (t - 13) : 0),
    }));
    const fit = segmentedRegression(points, 13);
    close(fit.levelChange.estimate, 0.2, 1e-12);
    close(fit.trendChange.estimate, -0.005, 1e-12);
    close(fit.preTrend.estimate, 0.01, 1e-12);
  });

  it('gives no estimate when either side is shorter than the documented minimum', () => {
    const points = Array.from({ length: 26 }, (_, t) => ({ t, y: t % 3 }));
    expect(() => segmentedRegression(points, 11)).toThrow(NotEstimable);
    expect(() => segmentedRegression(points, 11)).toThrow('11 points before and 15 after');
    expect(() => segmentedRegression(points, 12)).not.toThrow();
  });

  it('uses the usual Newey–West lag rule', () => {
    expect([12, 26, 100, 300].map(neweyWestLags)).toEqual([2, 2, 4, 5]);
  });
});
