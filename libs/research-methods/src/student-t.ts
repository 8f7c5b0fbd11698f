// jstat has no type declarations; only Student's t quantile is used here (the trust model uses the
// same library for Beta quantiles).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jStat } = require('jstat') as {
  jStat: { studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number } };
};

/** The p-quantile of Student's t with `dof` degrees of freedom. */
export function tQuantile(p: number, dof: number): number {
  return jStat.studentt.inv(p, dof);
}

/** Two-sided p-value of a t statistic. */
export function tTwoSidedP(t: number, dof: number): number {
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), dof));
}
