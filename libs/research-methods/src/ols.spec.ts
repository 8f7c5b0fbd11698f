import { NotEstimable, ols, standardisedCoefficients } from './ols';
import reference from './__fixtures__/reference-values.json';

/*
 * NIST Statistical Reference Datasets, "Longley" (linear regression, higher difficulty): the data
 * and the certified values (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml), copied
 * here. Ill-conditioned on purpose: a solver through the normal equations loses most digits.
 */
const LONGLEY: Array<[number, number, number, number, number, number, number]> = [
  [60323, 83.0, 234289, 2356, 1590, 107608, 1947],
  [61122, 88.5, 259426, 2325, 1456, 108632, 1948],
  [60171, 88.2, 258054, 3682, 1616, 109773, 1949],
  [61187, 89.5, 284599, 3351, 1650, 110929, 1950],
  [63221, 96.2, 328975, 2099, 3099, 112075, 1951],
  [63639, 98.1, 346999, 1932, 3594, 113270, 1952],
  [64989, 99.0, 365385, 1870, 3547, 115094, 1953],
  [63761, 100.0, 363112, 3578, 3350, 116219, 1954],
  [66019, 101.2, 397469, 2904, 3048, 117388, 1955],
  [67857, 104.6, 419180, 2822, 2857, 118734, 1956],
  [68169, 108.4, 442769, 2936, 2798, 120445, 1957],
  [66513, 110.8, 444546, 4681, 2637, 121950, 1958],
  [68655, 112.6, 482704, 3813, 2552, 123366, 1959],
  [69564, 114.2, 502601, 3931, 2514, 125368, 1960],
  [69331, 115.7, 518173, 4806, 2572, 127852, 1961],
  [70551, 116.9, 554894, 4007, 2827, 130081, 1962],
];
const CERTIFIED = {
  coefficients: [
    -3482258.63459582, 15.0618722713733, -0.35819179292591e-1, -2.02022980381683, -1.03322686717359,
    -0.511041056535807e-1, 1829.15146461355,
  ],
  standardErrors: [
    890420.383607373, 84.9149257747669, 0.334910077722432e-1, 0.488399681651699, 0.214274163161675,
    0.22607320006937, 455.478499142212,
  ],
  residualSd: 304.854073561965,
  rSquared: 0.995479004577296,
};

const close = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('ols', () => {
  it('reproduces the NIST certified values for Longley to at least seven significant digits', () => {
    const fit = ols(
      LONGLEY.map(([, ...x]) => [1, ...x]),
      LONGLEY.map(([y]) => y),
    );
    CERTIFIED.coefficients.forEach((b, j) => close(fit.coefficients[j], b, 1e-7));
    CERTIFIED.standardErrors.forEach((s, j) => close(fit.standardErrors[j], s, 1e-7));
    close(Math.sqrt(fit.sigma2), CERTIFIED.residualSd, 1e-7);
    close(fit.rSquared, CERTIFIED.rSquared, 1e-9);
  });

  it('refuses collinear regressors and too few observations instead of returning noise', () => {
    const x = [1, 2, 3, 4, 5].map((v) => [1, v, 2 * v]);
    expect(() => ols(x, [1, 2, 3, 4, 6])).toThrow(NotEstimable);
    expect(() =>
      ols(
        [
          [1, 1],
          [1, 2],
        ],
        [1, 2],
      ),
    ).toThrow('2 observations for 2 coefficients');
  });
});

describe('standardisedCoefficients', () => {
  it('matches statsmodels on z-scored data', () => {
    const ref = reference.standardised;
    const fit = standardisedCoefficients(ref.x, ref.y);
    ref.coefficients.forEach((b, j) => close(fit.coefficients[j], b, 1e-9));
    close(fit.rSquared, ref.rSquared, 1e-9);
  });

  it('names the predictor that does not vary', () => {
    expect(() =>
      standardisedCoefficients(
        [
          [1, 5],
          [2, 5],
          [3, 5],
          [4, 5],
        ],
        [1, 3, 2, 5],
      ),
    ).toThrow('predictor 2 does not vary');
  });
});
