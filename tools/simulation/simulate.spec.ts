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
    expect(r.providers).toHaveLength(14);
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
