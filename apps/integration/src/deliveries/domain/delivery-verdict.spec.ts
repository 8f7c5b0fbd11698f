import { crossSourceShare, judgeDelivery, strictestFreshnessMs } from './delivery-verdict';

describe('delivery verdict', () => {
  it('accepts at the threshold and rejects just under it, naming the counts and the share', () => {
    expect(judgeDelivery({ received: 10, valid: 5, quarantined: 5 }, 0.5)).toEqual({
      rejected: false,
      validShare: 0.5,
      reason: null,
      criticalBreaches: [],
    });
    expect(judgeDelivery({ received: 10, valid: 4, quarantined: 6 }, 0.5)).toEqual({
      rejected: true,
      validShare: 0.4,
      reason: '6 of 10 records failed validation (valid share 0.400 < 0.5)',
      criticalBreaches: ['validity<0.5'],
    });
  });

  it('accepts an empty delivery (nothing in it was wrong) even under a strict threshold', () => {
    const v = judgeDelivery({ received: 0, valid: 0, quarantined: 0 }, 1);
    expect(v.rejected).toBe(false);
    expect(v.validShare).toBe(1);
  });

  it('a threshold of 1 rejects a single bad record among many', () => {
    expect(judgeDelivery({ received: 1000, valid: 999, quarantined: 1 }, 1).rejected).toBe(true);
  });

  it('takes the strictest positive freshness and ignores durations that do not parse', () => {
    expect(strictestFreshnessMs(['P1D', 'PT6H', 'not a duration', 'PT0S'])).toBe(6 * 3_600_000);
    expect(strictestFreshnessMs(['P1W'])).toBe(7 * 86_400_000);
    expect(strictestFreshnessMs([])).toBeUndefined();
    expect(strictestFreshnessMs(['nonsense', 'PT0S'])).toBeUndefined();
  });

  it('rounds the cross-source share to six decimals and has none without matches', () => {
    expect(crossSourceShare({ matched: 3, agreeing: 2 })).toBe(0.666667);
    expect(crossSourceShare({ matched: 4, agreeing: 4 })).toBe(1);
    expect(crossSourceShare({ matched: 0, agreeing: 0 })).toBeNull();
  });
});
