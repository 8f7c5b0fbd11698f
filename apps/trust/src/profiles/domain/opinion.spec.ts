import { baseRateFromSharedValues, opinionFromEvidence } from './opinion';

/* Golden values from docs/trust-model.md §5 and §13 (tolerance 1e-3 as the spec asks). */
describe('opinion from evidence', () => {
  it.each([
    // r, s, a, P, L
    [0, 0, 0.5, 0.5, 0.05],
    [0, 0, 0.4, 0.4, 0.019],
    [0, 0, 0.6, 0.6, 0.1],
    [8, 2, 0.5, 0.75, 0.53],
    [80, 20, 0.5, 0.794, 0.73],
    [3, 0, 0.5, 0.8, 0.47],
  ])('r=%p s=%p a=%p gives P=%p and L≈%p', (r, s, a, P, L) => {
    const o = opinionFromEvidence(r, s, a);
    expect(o.P).toBeCloseTo(P, 2);
    expect(Math.abs(o.lowerBound - L)).toBeLessThan(0.01);
    expect(o.b + o.d + o.u).toBeCloseTo(1, 12);
  });

  it('matches the worked example dimension rows (§13)', () => {
    const reliability = opinionFromEvidence(12.85, 1.18, 0.5);
    expect(reliability.b).toBeCloseTo(0.802, 3);
    expect(reliability.u).toBeCloseTo(0.125, 3);
    expect(reliability.P).toBeCloseTo(0.864, 3);
    expect(Math.abs(reliability.lowerBound - 0.705)).toBeLessThan(2e-3);
  });

  it('is monotone in positive evidence and stays within [0, 1]', () => {
    let last = -1;
    for (let r = 0; r <= 50; r += 0.5) {
      const o = opinionFromEvidence(r, 3, 0.45);
      expect(o.P).toBeGreaterThanOrEqual(last);
      for (const v of [o.b, o.d, o.u, o.P, o.lowerBound]) expect(v >= 0 && v <= 1).toBe(true);
      last = o.P;
    }
  });

  it('refuses negative evidence and degenerate base rates', () => {
    expect(() => opinionFromEvidence(-1, 0, 0.5)).toThrow(RangeError);
    expect(() => opinionFromEvidence(0, 0, 1)).toThrow(RangeError);
  });

  it('bounds the base rate to [0.4, 0.6]', () => {
    expect(baseRateFromSharedValues(0)).toBe(0.4);
    expect(baseRateFromSharedValues(1)).toBeCloseTo(0.6, 12);
    expect(baseRateFromSharedValues(7)).toBeCloseTo(0.6, 12);
  });
});
