import { SPEC_MODEL } from '@dx/trust-model';
import { kendallTau, simulate } from './simulate';

/*
 * The simulation harness of issue 6 on a fixed seed: the platform model meets the targets (rank
 * correlation, on-off detection, collusion gain, slander loss), and the specification's model
 * without the recent-behaviour guard does not detect the on-off provider in time (why the guard).
 */
it('computes Kendall tau-b', () => {
  expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
  expect(kendallTau([1, 2, 3, 4], [40, 30, 20, 10])).toBe(-1);
  expect(kendallTau([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3, 12);
});

describe('27 simulated months, seed 42', () => {
  const r = simulate(42);

  it('ranks providers like the ground truth (tau ≥ 0.8)', () => {
    expect(r.kendallTau).toBeGreaterThanOrEqual(0.8);
    expect(r.providers).toHaveLength(14); // the two attackers are reported apart
  });

  it('drops the on-off provider’s tier within 30 days of turning bad', () => {
    expect(r.onOff.tierBefore).toBe('Established');
    expect(r.onOff.detectionDays).not.toBeNull();
    expect(r.onOff.detectionDays!).toBeLessThanOrEqual(30);
  });

  it('lets the colluding pair gain at most 0.05 and the slanderer take nothing', () => {
    expect(r.collusionGain).toBeLessThanOrEqual(0.05);
    expect(r.slanderLoss).toBe(0);
  });

  it('starts a re-registered identity low on the lower bound', () => {
    expect(r.whitewasher.newLowerBound).toBeLessThan(0.4);
  });

  it('sees discrimination within 30 days, while the favoured partner alone would see nothing', () => {
    expect(r.discrimination.tierBefore).toBe('Established');
    expect(r.discrimination.detectionDays).not.toBeNull();
    expect(r.discrimination.detectionDays!).toBeLessThanOrEqual(30);
    // The city's own experience stays good: only pooling the victims' evidence reveals it.
    expect(r.discrimination.favouredTier).toBe('Established');
    expect(r.discrimination.victimsTier).toBe('Low');
    expect(r.discrimination.tierAtEnd).toBe('Low');
  });

  it('sees camouflage within 60 days, but the share cap lets the tier recover (a known trade-off)', () => {
    expect(r.camouflage.tierBefore).toBe('Established');
    expect(r.camouflage.detectionDays).not.toBeNull();
    expect(r.camouflage.detectionDays!).toBeLessThanOrEqual(60);
    // One counterparty counts at most half of a dimension's evidence (docs/trust-model.md §8), so
    // the large agreement it betrays cannot outweigh three small ones kept: documented, not hidden.
    expect(r.camouflage.tierAtEnd).toBe('Established');
  });

  it('scores the score as a forecast of next month against last month, on the same obligations', () => {
    const p = r.predictive;
    expect(p.providers).toBe(17);
    expect(p.n).toBeGreaterThan(2500);
    expect(p.modelVersions).toEqual([{ version: 'trust-1.2.0', n: p.n }]);
    // Both forecasts carry information (AUC well above chance) …
    expect(p.score!.auc!).toBeGreaterThan(0.7);
    expect(p.baseline!.auc!).toBeGreaterThan(0.7);
    // … and the difference is reported as measured, whichever way it falls.
    expect(p.aucDifference).toBeCloseTo(p.score!.auc! - p.baseline!.auc!, 12);
    expect(p.score!.bins.reduce((a, b) => a + b.count, 0)).toBe(p.n);
  });

  it('is reproducible: the same seed gives the same figures', () => {
    expect(simulate(42)).toEqual(r);
  });
});

it('shows why the guard exists: the specification’s model alone is slow on the on-off provider', () => {
  const spec = simulate(42, 27, {
    ...SPEC_MODEL,
    inactiveDimensions: { provider: ['availability'], consumer: ['obligations', 'communication'] },
  });
  expect(spec.onOff.detectionDays ?? Infinity).toBeGreaterThan(30);
});
