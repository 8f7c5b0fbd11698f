import { calibration, rocAuc } from './classification';
import reference from './__fixtures__/reference-values.json';

describe('rocAuc', () => {
  it('matches scikit-learn on scores with many ties', () => {
    const ref = reference.auc;
    const auc = rocAuc(ref.scores, ref.outcomes as (0 | 1)[]);
    expect(Math.abs((auc ?? 0) - ref.auc)).toBeLessThan(1e-12);
  });

  it('is 1 for a perfect ranking, 0.5 for all ties, and null with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5], [0, 1, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
  });
});

describe('calibration', () => {
  it('matches a NumPy computation of ECE and the Brier score', () => {
    const ref = reference.calibration;
    const c = calibration(ref.forecasts, ref.outcomes as (0 | 1)[]);
    expect(Math.abs(c.ece - ref.ece)).toBeLessThan(1e-12);
    expect(Math.abs(c.brier - ref.brier)).toBeLessThan(1e-12);
    expect(c.bins.reduce((s, b) => s + b.count, 0)).toBe(ref.forecasts.length);
  });

  it('works a small case by hand: bins, rates and the weighted gap', () => {
    // Bin [0.2, 0.3): forecasts 0.2, 0.2, outcomes 0, 1 → gap |0.5 − 0.2| = 0.3, weight 2/4.
    // Bin [0.9, 1]: forecasts 1, 0.9, outcomes 1, 1 → gap |1 − 0.95| = 0.05, weight 2/4.
    const c = calibration([0.2, 0.2, 1, 0.9], [0, 1, 1, 1]);
    expect(c.ece).toBeCloseTo(0.175, 12);
    expect(c.bins[2]).toEqual({
      from: 0.2,
      to: 0.3,
      count: 2,
      meanForecast: 0.2,
      observedRate: 0.5,
    });
    expect(c.bins[9].count).toBe(2);
    expect(() => calibration([1.2], [1])).toThrow('not a probability');
  });
});
