import fc from 'fast-check';
import { credibility, eigenTrust, type RatingEdge } from './eigentrust';

const opts = { alpha: 0.15, epsilon: 1e-12, maxIterations: 1000 };
const edge = (rater: string, ratee: string, satisfied: number, unsatisfied = 0): RatingEdge => ({
  rater,
  ratee,
  satisfied,
  unsatisfied,
});

describe('EigenTrust (docs/trust-model.md §7)', () => {
  it('is a probability distribution that follows who the trusted trust', () => {
    const t = eigenTrust(
      [
        edge('city', 'telecom', 5),
        edge('city', 'bank', 1),
        edge('telecom', 'bank', 0, 2),
        edge('bank', 'telecom', 1, 3),
      ],
      ['city'],
      opts,
    );
    const total = [...t.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 9);
    // city gives telecom 5/6 of its trust and bank 1/6; the other two only rate each other down, so
    // theirs goes back to the pre-trusted city.
    expect(t.get('telecom')!).toBeGreaterThan(t.get('bank')!);
    expect(credibility(t, 'city')).toBe(1);
  });

  it('gives a clique that only rates itself no credibility', () => {
    const t = eigenTrust(
      [
        edge('city', 'honest', 3),
        edge('honest', 'city', 2),
        edge('colluderA', 'colluderB', 50),
        edge('colluderB', 'colluderA', 50),
      ],
      ['city'],
      opts,
    );
    expect(credibility(t, 'colluderA')).toBe(0);
    expect(credibility(t, 'colluderB')).toBe(0);
    expect(credibility(t, 'honest')).toBeGreaterThan(0.3);
  });

  it('stays a distribution for any rating graph', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'city');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rater: name, ratee: name, satisfied: fc.nat(20), unsatisfied: fc.nat(20) }),
          { maxLength: 30 },
        ),
        (edges) => {
          const t = eigenTrust(edges, ['city'], opts);
          const values = [...t.values()];
          expect(values.every((x) => x >= 0)).toBe(true);
          expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        },
      ),
    );
  });
});
