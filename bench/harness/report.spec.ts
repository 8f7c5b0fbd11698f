import { BASELINE_SPREAD_LIMIT, baselineRuns, goalText, target } from './report';

describe('baseline sandwich', () => {
  it('takes the mean of the runs before and after, and their spread as larger ÷ smaller − 1', () => {
    const b = baselineRuns('copy', 'records/s', [30_000, 33_000]);
    expect(b.mean).toBe(31_500);
    expect(b.spread).toBe(0.1);
    expect(b.flagged).toBe(false);
  });

  it('flags runs that differ by more than 15 %, whichever came first', () => {
    expect(baselineRuns('x', 'u', [100, 116]).flagged).toBe(true);
    expect(baselineRuns('x', 'u', [116, 100]).flagged).toBe(true);
    expect(baselineRuns('x', 'u', [100, 115]).flagged).toBe(false);
    expect(BASELINE_SPREAD_LIMIT).toBe(0.15);
  });

  it('flags a run that measured nothing instead of dividing by zero into a pass', () => {
    expect(baselineRuns('x', 'u', [0, 100]).flagged).toBe(true);
  });
});

describe('targets', () => {
  it('meets an at-least goal at the goal and above, not below', () => {
    const goal = { op: '>=', value: 0.3 } as const;
    expect(target('ratio', 0.3, '×', goal).met).toBe(true);
    expect(target('ratio', 0.31, '×', goal).met).toBe(true);
    expect(target('ratio', 0.29, '×', goal).met).toBe(false);
  });

  it('meets a below goal only strictly below it', () => {
    const goal = { op: '<', value: 50 } as const;
    expect(target('p99', 49.9, 'ms', goal).met).toBe(true);
    expect(target('p99', 50, 'ms', goal).met).toBe(false);
  });

  it('rounds the measured figure to three decimals and writes the goal as people read it', () => {
    expect(target('ratio', 0.123456, '×', { op: '>=', value: 0.3 }).measured).toBe(0.123);
    expect(goalText({ op: '>=', value: 0.3 })).toBe('≥ 0.3');
    expect(goalText({ op: '<', value: 512 })).toBe('< 512');
  });
});
