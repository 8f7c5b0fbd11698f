import { clusterBootstrap, quantileSorted } from './bootstrap';

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics (R type 7)', () => {
    const v = [1, 2, 3, 4, 10];
    expect(quantileSorted(v, 0)).toBe(1);
    expect(quantileSorted(v, 0.5)).toBe(3);
    expect(quantileSorted(v, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantileSorted(v, 1)).toBe(10);
  });
});

describe('clusterBootstrap', () => {
  const mean = (rows: Array<{ c: string; v: number }>) => [
    rows.reduce((s, r) => s + r.v, 0) / rows.length,
  ];

  it('resamples whole clusters: identical clusters give no spread however noisy the rows', () => {
    const rows = ['a', 'b', 'c', 'd'].flatMap((c) => [0, 10, 5, 1].map((v) => ({ c, v })));
    const b = clusterBootstrap(rows, (r) => r.c, mean, { replicates: 200 });
    expect(b.lower[0]).toBe(4);
    expect(b.upper[0]).toBe(4);
    expect(b.used).toBe(200);
  });

  it('is wide when the clusters differ, and repeatable with the same seed', () => {
    const rows = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) =>
      Array.from({ length: 5 }, () => ({ c: `r${i}`, v: i })),
    );
    const one = clusterBootstrap(rows, (r) => r.c, mean, { replicates: 500, seed: 3 });
    const two = clusterBootstrap(rows, (r) => r.c, mean, { replicates: 500, seed: 3 });
    expect(one).toEqual(two);
    expect(one.lower[0]).toBeLessThan(3.5);
    expect(one.upper[0]).toBeGreaterThan(3.5);
    // The mean of 8 clusters of SD ≈ 2.4: a 95 % interval of roughly ±1.6 around 3.5.
    expect(one.upper[0] - one.lower[0]).toBeGreaterThan(2);
    expect(one.upper[0] - one.lower[0]).toBeLessThan(4.5);
  });

  it('counts resamples the statistic cannot use instead of hiding them', () => {
    const rows = ['a', 'b'].map((c) => ({ c, v: c === 'a' ? 1 : 2 }));
    const b = clusterBootstrap(
      rows,
      (r) => r.c,
      (s) => {
        if (new Set(s.map((r) => r.c)).size < 2) throw new Error('one cluster');
        return mean(s);
      },
      { replicates: 400 },
    );
    expect(b.used + b.failed).toBe(400);
    // Half the resamples draw the same cluster twice.
    expect(b.failed).toBeGreaterThan(140);
    expect(b.failed).toBeLessThan(260);
  });
});
