// jstat has no type declarations; only its Beta quantile is used (a well-kept numeric library, as
// docs/trust-model.md §5 advises), pinned by the golden tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jStat } = require('jstat') as {
  jStat: {
    beta: {
      inv(p: number, a: number, b: number): number;
      cdf(x: number, a: number, b: number): number;
    };
  };
};

/** The q-quantile of Beta(α, β): the x with I_x(α, β) = q (regularised incomplete beta). */
export function betaQuantile(q: number, alpha: number, beta: number): number {
  if (!(alpha > 0 && beta > 0)) throw new RangeError('Beta parameters must be positive');
  return jStat.beta.inv(q, alpha, beta);
}

/** I_x(α, β), the Beta distribution function (used to check the quantile in tests). */
export function betaCdf(x: number, alpha: number, beta: number): number {
  return jStat.beta.cdf(x, alpha, beta);
}
