import { clusterBootstrap } from './bootstrap';
import { NotEstimable, standardisedCoefficients } from './ols';

/*
 * The KMV model (Morgan & Hunt 1994) as per-equation regressions on the research panel: each
 * endogenous construct regressed on the constructs the theory points at it, with standardised
 * coefficients and 95 % cluster-bootstrap intervals by relationship. A structural equation model
 * would estimate the paths jointly; no maintained SEM library exists for Node, and with the few
 * relationships a city has, per-equation estimates with honest intervals say as much (the
 * reasoning is in docs/research.md §3).
 */

/** Panel columns the model reads (docs/research.md §2 defines each). */
export const KMV_CONSTRUCT_NAMES = [
  'terminationCosts',
  'benefits',
  'sharedValues',
  'communication',
  'opportunism',
  'trust',
  'commitment',
  'acquiescence',
  'propensityToLeave',
  'cooperation',
  'functionalConflict',
  'uncertainty',
] as const;
export type KmvConstruct = (typeof KMV_CONSTRUCT_NAMES)[number];

export interface KmvPathSpec {
  hypothesis: string;
  from: KmvConstruct;
  to: KmvConstruct;
  expectedSign: 1 | -1;
}

/** The thirteen hypotheses of Morgan & Hunt (1994), H1–H13. */
export const KMV_PATHS: readonly KmvPathSpec[] = [
  { hypothesis: 'H1', from: 'terminationCosts', to: 'commitment', expectedSign: 1 },
  { hypothesis: 'H2', from: 'benefits', to: 'commitment', expectedSign: 1 },
  { hypothesis: 'H3', from: 'sharedValues', to: 'commitment', expectedSign: 1 },
  { hypothesis: 'H4', from: 'sharedValues', to: 'trust', expectedSign: 1 },
  { hypothesis: 'H5', from: 'communication', to: 'trust', expectedSign: 1 },
  { hypothesis: 'H6', from: 'opportunism', to: 'trust', expectedSign: -1 },
  { hypothesis: 'H7', from: 'trust', to: 'commitment', expectedSign: 1 },
  { hypothesis: 'H8', from: 'commitment', to: 'acquiescence', expectedSign: 1 },
  { hypothesis: 'H9', from: 'commitment', to: 'propensityToLeave', expectedSign: -1 },
  { hypothesis: 'H10', from: 'commitment', to: 'cooperation', expectedSign: 1 },
  { hypothesis: 'H11', from: 'trust', to: 'cooperation', expectedSign: 1 },
  { hypothesis: 'H12', from: 'trust', to: 'functionalConflict', expectedSign: 1 },
  { hypothesis: 'H13', from: 'trust', to: 'uncertainty', expectedSign: -1 },
];

/** One equation per endogenous construct, its predictors in the order of KMV_PATHS. */
export function kmvEquations(): Array<{ outcome: KmvConstruct; paths: KmvPathSpec[] }> {
  const byOutcome = new Map<KmvConstruct, KmvPathSpec[]>();
  for (const p of KMV_PATHS) byOutcome.set(p.to, [...(byOutcome.get(p.to) ?? []), p]);
  return [...byOutcome].map(([outcome, paths]) => ({ outcome, paths }));
}

export type KmvRow = { relationship: string } & Partial<Record<KmvConstruct, number | null>>;

export interface KmvPathEstimate extends KmvPathSpec {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** The point estimate has the sign the theory predicts. */
  signMatches: boolean | null;
  /** The whole interval lies on the predicted side of zero. */
  supported: boolean | null;
}

export interface KmvEquationEstimate {
  outcome: KmvConstruct;
  n: number;
  relationships: number;
  rSquared: number | null;
  bootstrap: { replicates: number; used: number; failed: number } | null;
  /** Set when the equation could not be estimated, and why. */
  notEstimable: string | null;
  paths: KmvPathEstimate[];
}

export interface KmvEstimate {
  method: string;
  n: number;
  relationships: number;
  months: number;
  equations: KmvEquationEstimate[];
  /** What the sample can and cannot support, in words. */
  caveats: string[];
}

/** Relationships below this and the intervals are flagged as unreliable (docs/research.md §3). */
export const FEW_CLUSTERS = 20;

export function estimateKmv(
  rows: readonly (KmvRow & { month?: string })[],
  opts: { replicates?: number; seed?: number } = {},
): KmvEstimate {
  const replicates = opts.replicates ?? 999;
  const relationships = new Set(rows.map((r) => r.relationship)).size;
  const months = new Set(rows.map((r) => r.month).filter(Boolean)).size;
  const equations = kmvEquations().map(({ outcome, paths }): KmvEquationEstimate => {
    const vars = paths.map((p) => p.from);
    // Complete cases only: a month without a trust score has no trust, not a trust of zero.
    const usable = rows.filter((r) => [outcome, ...vars].every((c) => typeof r[c] === 'number'));
    const clusters = new Set(usable.map((r) => r.relationship)).size;
    const design = (rs: readonly KmvRow[]) => ({
      x: rs.map((r) => vars.map((c) => r[c] as number)),
      y: rs.map((r) => r[outcome] as number),
    });
    const empty = (reason: string): KmvEquationEstimate => ({
      outcome,
      n: usable.length,
      relationships: clusters,
      rSquared: null,
      bootstrap: null,
      notEstimable: reason,
      paths: paths.map((p) => ({
        ...p,
        estimate: null,
        lower: null,
        upper: null,
        signMatches: null,
        supported: null,
      })),
    });
    if (clusters < 2) return empty(`${clusters} relationship(s) with complete data; at least 2`);
    let point: ReturnType<typeof standardisedCoefficients>;
    try {
      const d = design(usable);
      point = standardisedCoefficients(d.x, d.y);
    } catch (e) {
      if (e instanceof NotEstimable) return empty(e.reason);
      throw e;
    }
    const boot = clusterBootstrap(
      usable,
      (r) => r.relationship,
      (sample) => {
        const d = design(sample);
        return standardisedCoefficients(d.x, d.y).coefficients;
      },
      { replicates, seed: opts.seed },
    );
    const enough = boot.used >= Math.max(50, replicates / 2);
    return {
      outcome,
      n: usable.length,
      relationships: clusters,
      rSquared: point.rSquared,
      bootstrap: { replicates, used: boot.used, failed: boot.failed },
      notEstimable: null,
      paths: paths.map((p, j) => {
        const estimate = point.coefficients[j];
        const lower = enough ? boot.lower[j] : null;
        const upper = enough ? boot.upper[j] : null;
        return {
          ...p,
          estimate,
          lower,
          upper,
          signMatches: Math.sign(estimate) === p.expectedSign,
          supported:
            lower === null || upper === null ? null : p.expectedSign > 0 ? lower > 0 : upper < 0,
        };
      }),
    };
  });
  const caveats: string[] = [];
  if (relationships < FEW_CLUSTERS)
    caveats.push(
      `${relationships} relationships: a cluster bootstrap with fewer than ${FEW_CLUSTERS} clusters tends to give intervals that are too narrow, so read the paths as a description of these relationships, not as a test of the theory.`,
    );
  if (months > 0)
    caveats.push(
      `The ${rows.length} relationship-months are not ${rows.length} independent observations: months of one relationship move together, which is why the intervals resample relationships, not months.`,
    );
  caveats.push(
    'Some constructs share inputs with the trust and commitment scores (delivery breaches feed both opportunism and trust; adopted standards feed shared values and the commitment index), so part of those paths holds by construction (docs/research.md §2).',
  );
  return {
    method:
      'per-equation OLS on z-scored panel columns; 95 % percentile intervals from a cluster bootstrap resampling relationships',
    n: rows.length,
    relationships,
    months,
    equations,
    caveats,
  };
}
