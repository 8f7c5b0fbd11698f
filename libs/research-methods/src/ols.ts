import { CholeskyDecomposition, Matrix, QrDecomposition, inverse } from 'ml-matrix';

/*
 * Ordinary least squares through a Householder QR decomposition (ml-matrix) rather than the normal
 * equations: the panel's columns can be nearly collinear (trust and commitment move together), and
 * QR keeps the digits the normal equations lose — the NIST Longley test in ols.spec.ts shows it.
 */

/** Why an equation could not be estimated (reported, never thrown past the estimator). */
export class NotEstimable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotEstimable';
  }
}

export interface OlsFit {
  /** One per column of X, in order. */
  coefficients: number[];
  standardErrors: number[];
  residuals: number[];
  fitted: number[];
  /** Residual variance with n − k degrees of freedom. */
  sigma2: number;
  rSquared: number;
  n: number;
  k: number;
  /** (XᵀX)⁻¹, kept for sandwich (HAC) variances. */
  xtxInverse: number[][];
}

/** y = Xβ + ε; X carries its own intercept column when one is wanted. */
export function ols(x: number[][], y: number[]): OlsFit {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  if (x.length !== n) throw new RangeError('X and y differ in length');
  if (k === 0) throw new NotEstimable('no regressors');
  if (n <= k) throw new NotEstimable(`${n} observations for ${k} coefficients`);
  const X = new Matrix(x);
  const qr = new QrDecomposition(X);
  const r = qr.upperTriangularMatrix.subMatrix(0, k - 1, 0, k - 1);
  // isFullRank() tests for an exact zero; a pivot this small relative to the largest means the
  // columns are collinear to within rounding, and the coefficients would be noise.
  const pivots = r.diag().map(Math.abs);
  if (!qr.isFullRank() || Math.min(...pivots) < 1e-10 * Math.max(...pivots))
    throw new NotEstimable('regressors are collinear or constant');
  const beta = qr.solve(Matrix.columnVector(y)).getColumn(0);
  const rInv = inverse(r);
  const xtxInverse = rInv.mmul(rInv.transpose()).to2DArray();
  const fitted = x.map((row) => row.reduce((s, v, j) => s + v * beta[j], 0));
  const residuals = y.map((v, i) => v - fitted[i]);
  const rss = residuals.reduce((s, e) => s + e * e, 0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const tss = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const sigma2 = rss / (n - k);
  return {
    coefficients: beta,
    standardErrors: xtxInverse.map((row, j) => Math.sqrt(sigma2 * row[j])),
    residuals,
    fitted,
    sigma2,
    rSquared: tss > 0 ? 1 - rss / tss : Number.NaN,
    n,
    k,
    xtxInverse,
  };
}

const meanOf = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/**
 * Standardised (beta) coefficients: what the regression of z-scored y on z-scored predictors
 * gives, so a path reads "standard deviations of y per standard deviation of x" whatever the units.
 * Computed from the correlation matrix (β = R_xx⁻¹ r_xy, R² = βᵀ r_xy) because the bootstrap calls
 * it a thousand times per equation and the predictors are few; z-scoring leaves the system well
 * conditioned unless predictors are collinear, which the Cholesky pivots catch. A predictor or
 * outcome that never varies cannot be standardised and is reported as such.
 */
export function standardisedCoefficients(
  predictors: number[][],
  y: number[],
): { coefficients: number[]; rSquared: number; n: number } {
  const n = y.length;
  const k = predictors[0]?.length ?? 0;
  if (n <= k + 1) throw new NotEstimable(`${n} observations for ${k + 1} coefficients`);
  const columns = Array.from({ length: k }, (_, j) => predictors.map((row) => row[j]));
  const centred = [y, ...columns].map((c) => {
    const m = meanOf(c);
    return c.map((v) => v - m);
  });
  const ss = centred.map((c) => c.reduce((s, v) => s + v * v, 0));
  // Relative to the values' own size: a column of one repeated value leaves rounding residue.
  const scale = [y, ...columns].map((c) => c.reduce((s, v) => s + v * v, 0) / n);
  if (!(ss[0] > 1e-20 * n * (scale[0] || 1))) throw new NotEstimable('the outcome does not vary');
  for (let j = 1; j <= k; j++)
    if (!(ss[j] > 1e-20 * n * (scale[j] || 1)))
      throw new NotEstimable(`predictor ${j} does not vary`);
  const corr = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += centred[a][i] * centred[b][i];
    return s / Math.sqrt(ss[a] * ss[b]);
  };
  const rxx = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => (a === b ? 1 : corr(a + 1, b + 1))),
  );
  const rxy = Array.from({ length: k }, (_, a) => corr(a + 1, 0));
  const chol = new CholeskyDecomposition(new Matrix(rxx));
  const pivots = chol.isPositiveDefinite() ? chol.lowerTriangularMatrix.diag() : [0];
  if (Math.min(...pivots) ** 2 < 1e-10) throw new NotEstimable('predictors are collinear');
  const beta = chol.solve(Matrix.columnVector(rxy)).getColumn(0);
  return {
    coefficients: beta,
    rSquared: beta.reduce((s, b, j) => s + b * rxy[j], 0),
    n,
  };
}
