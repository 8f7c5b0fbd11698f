import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { KMV_PATHS, estimateKmv, kmvEquations, type KmvRow } from './kmv';

/** A panel with planted paths: which ones exist, and how strong, is known here. */
function plantedPanel(relationships: number, months: number, seed: number): KmvRow[] {
  const rng = xoroshiro128plus(seed);
  const u = () => unsafeUniformIntDistribution(0, 1_000_000, rng) / 1_000_000;
  const normal = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const rows: KmvRow[] = [];
  for (let r = 0; r < relationships; r++) {
    const sharedValues = Math.floor(u() * 4);
    const communicationHabit = u();
    for (let m = 0; m < months; m++) {
      const communication = communicationHabit + 0.2 * normal();
      const opportunism = Math.max(0, 1 - communicationHabit + 0.5 * normal());
      const terminationCosts = m / months + 0.3 * normal();
      const benefits = u();
      // Trust: planted −0.6 from opportunism, +0.3 from communication, nothing from shared values.
      const trust = 0.5 - 0.6 * opportunism + 0.3 * communication + 0.3 * normal();
      const commitment = 0.2 + 0.5 * trust + 0.4 * terminationCosts + 0.3 * normal();
      rows.push({
        relationship: `r${r}`,
        sharedValues,
        communication,
        opportunism,
        terminationCosts,
        benefits,
        trust,
        commitment,
        acquiescence: 0.5 * commitment + normal(),
        propensityToLeave: -0.5 * commitment + normal(),
        cooperation: 0.3 * commitment + 0.3 * trust + normal(),
        functionalConflict: 0.4 * trust + normal(),
        uncertainty: -0.4 * trust + normal(),
      });
    }
  }
  return rows;
}

const path = (e: ReturnType<typeof estimateKmv>, h: string) =>
  e.equations.flatMap((q) => q.paths).find((p) => p.hypothesis === h)!;

describe('estimateKmv', () => {
  it('has one equation per endogenous construct covering all thirteen hypotheses', () => {
    const eq = kmvEquations();
    expect(eq.map((e) => e.outcome)).toEqual([
      'commitment',
      'trust',
      'acquiescence',
      'propensityToLeave',
      'cooperation',
      'functionalConflict',
      'uncertainty',
    ]);
    expect(eq.flatMap((e) => e.paths).length).toBe(KMV_PATHS.length);
  });

  it('recovers planted paths and does not call a planted null supported', () => {
    const e = estimateKmv(plantedPanel(60, 12, 11), { replicates: 300, seed: 5 });
    expect(e.relationships).toBe(60);
    expect(e.n).toBe(720);
    for (const h of ['H5', 'H6', 'H7', 'H1', 'H8', 'H9', 'H13']) {
      expect(path(e, h).signMatches).toBe(true);
      expect(path(e, h).supported).toBe(true);
    }
    // H2 (benefits) and H4 (shared values) were planted at zero.
    for (const h of ['H2', 'H4']) {
      const p = path(e, h);
      expect(p.lower!).toBeLessThan(0);
      expect(p.upper!).toBeGreaterThan(0);
      expect(p.supported).toBe(false);
    }
    expect(e.caveats.some((c) => c.includes('too narrow'))).toBe(false);
  });

  it('says when the relationships are too few, and which equations cannot be estimated', () => {
    const rows = plantedPanel(8, 26, 2).map((r) => ({ ...r, acquiescence: 1 }));
    const e = estimateKmv(rows, { replicates: 200 });
    expect(e.caveats[0]).toContain('8 relationships');
    const acq = e.equations.find((q) => q.outcome === 'acquiescence')!;
    expect(acq.notEstimable).toBe('the outcome does not vary');
    expect(acq.paths[0].estimate).toBeNull();
  });

  it('uses complete cases only: a month without a trust score is left out, not read as zero', () => {
    const rows = plantedPanel(30, 6, 4);
    rows.slice(0, 30).forEach((r) => (r.trust = null));
    const e = estimateKmv(rows, { replicates: 100 });
    expect(e.equations.find((q) => q.outcome === 'trust')!.n).toBe(150);
    expect(e.equations.find((q) => q.outcome === 'acquiescence')!.n).toBe(180);
  });
});
