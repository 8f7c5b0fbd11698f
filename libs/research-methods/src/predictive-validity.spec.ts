import { calibration, rocAuc } from './classification';
import { predictiveValidity, type ForecastObservation } from './predictive-validity';

const obs = (over: Partial<ForecastObservation>): ForecastObservation => ({
  provider: 'p1',
  month: '2026-01',
  score: 0.9,
  modelVersion: 'trust-1.3',
  lastMonthOnTimeRate: 0.5,
  onTime: 1,
  ...over,
});

describe('predictiveValidity', () => {
  // A reliable provider (score 0.9, almost always on time) and a flaky one (score 0.4, mostly
  // late), whose last months happened to look alike: the score separates them, the baseline not.
  const data: ForecastObservation[] = [
    ...[1, 1, 1, 1, 1, 1, 1, 1, 1, 0].map((y) =>
      obs({ onTime: y as 0 | 1, lastMonthOnTimeRate: 0.7 }),
    ),
    ...[1, 1, 0, 0, 0].map((y) =>
      obs({ provider: 'p2', score: 0.4, onTime: y as 0 | 1, lastMonthOnTimeRate: 0.7 }),
    ),
    obs({ provider: 'p3', score: null }),
    obs({ provider: 'p3', lastMonthOnTimeRate: null }),
  ];
  const v = predictiveValidity(data);

  it('compares both forecasts on the same observations and says what it left out', () => {
    expect(v.n).toBe(15);
    expect(v.excluded).toEqual({ noScore: 1, noBaseline: 1 });
    expect(v.providers).toBe(2);
    expect(v.missOrLateRate).toBeCloseTo(4 / 15, 12);
    expect(v.modelVersions).toEqual([{ version: 'trust-1.3', n: 15 }]);
  });

  it('scores calibration and discrimination with the shared estimators (risk = 1 − forecast)', () => {
    const f = [...Array(10).fill(0.9), ...Array(5).fill(0.4)];
    const y = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0] as (0 | 1)[];
    expect(v.score!.ece).toBeCloseTo(calibration(f, y).ece, 12);
    expect(v.score!.ece).toBeCloseTo((10 / 15) * 0 + (5 / 15) * 0, 12);
    expect(v.score!.auc).toBeCloseTo(
      rocAuc(
        f.map((p) => 1 - p),
        y.map((t) => (1 - t) as 0 | 1),
      )!,
      12,
    );
    // Misses and lates: 3 of 4 at risk 0.6, 1 at 0.1; 11 on time: 2 at 0.6, 9 at 0.1.
    expect(v.score!.auc).toBeCloseTo((3 * 9 + 0.5 * (3 * 2 + 1 * 9)) / (4 * 11), 12);
    // The baseline is the same for everyone: it cannot rank anyone above anyone.
    expect(v.baseline!.auc).toBe(0.5);
    expect(v.aucDifference).toBeCloseTo(v.score!.auc! - 0.5, 12);
    expect(v.caveats.join(' ')).toMatch(/2 providers/);
  });

  it('says so when nothing can be compared or one outcome is absent', () => {
    const none = predictiveValidity([obs({ score: null })]);
    expect([none.n, none.score, none.aucDifference]).toEqual([0, null, null]);
    expect(none.caveats).toHaveLength(1);
    const allKept = predictiveValidity([
      obs({}),
      obs({ provider: 'p2', modelVersion: 'trust-1.2' }),
    ]);
    expect(allKept.score!.auc).toBeNull();
    expect(allKept.caveats.join(' ')).toMatch(/same outcome/);
    expect(allKept.caveats.join(' ')).toMatch(/more than one model version/);
  });
});
