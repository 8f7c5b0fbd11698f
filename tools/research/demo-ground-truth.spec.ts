import { planAlmaty } from '@dx/demo';
import { regulationImpact } from '@dx/research-methods';

/*
 * The planted regulation effect of the Almaty demo, checked on the plan itself (no platform): the
 * punctuality decree raises the monthly on-time rate by enough for the 27-month series to show it,
 * whatever day the demo is run (the window ends "now"), and the series has the months before and
 * after that docs/research.md §4 requires.
 */
describe('the demo plan plants a recoverable regulation effect', () => {
  // Twelve run dates a month apart, on different days of the month and hours.
  const ends = Array.from(
    { length: 12 },
    (_, i) => new Date(Date.UTC(2026, i, 1 + ((i * 5) % 28), (i * 7) % 24)),
  );

  it.each(ends.map((e) => [e.toISOString(), e]))('ending %s', (_label, end) => {
    const d = planAlmaty({ months: 27, end }).expected.decree;
    expect(d.monthsBefore).toBeGreaterThanOrEqual(12);
    expect(d.monthsAfter).toBeGreaterThanOrEqual(12);
    const planted = d.onTimeRateAfter - d.onTimeRateBefore;
    expect(planted).toBeGreaterThan(0.1);
    const series = d.monthly.map((m) => ({ month: m.month, value: m.onTime / m.due }));
    const level = regulationImpact(series, d.effectiveAt).fit!.levelChange;
    expect(level.lower).toBeGreaterThan(0);
    expect(level.lower).toBeLessThanOrEqual(planted);
    expect(level.upper).toBeGreaterThanOrEqual(planted);
  });
});
