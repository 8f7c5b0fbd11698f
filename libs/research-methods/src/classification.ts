/*
 * How good a probability forecast is: calibration (does "70 %" happen 70 % of the time?) and
 * discrimination (are the events ranked above the non-events?). Used to ask whether the trust score
 * predicts next month's punctuality (docs/research.md §6).
 */

export interface ReliabilityBin {
  /** [from, to) of forecast probabilities; the last bin includes 1. */
  from: number;
  to: number;
  count: number;
  meanForecast: number | null;
  observedRate: number | null;
}

/**
 * Equal-width reliability diagram and the expected calibration error: the bin-size-weighted mean
 * of |observed rate − mean forecast| (Naeini et al. 2015; Guo et al. 2017).
 */
export function calibration(
  forecasts: readonly number[],
  outcomes: readonly (0 | 1)[],
  bins = 10,
): { ece: number; brier: number; bins: ReliabilityBin[]; n: number } {
  const n = forecasts.length;
  if (n === 0 || outcomes.length !== n) throw new RangeError('forecasts and outcomes must pair up');
  const acc = Array.from({ length: bins }, () => ({ count: 0, f: 0, o: 0 }));
  let brier = 0;
  forecasts.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`forecast ${p} is not a probability`);
    const b = Math.min(bins - 1, Math.floor(p * bins));
    acc[b].count++;
    acc[b].f += p;
    acc[b].o += outcomes[i];
    brier += (p - outcomes[i]) ** 2;
  });
  let ece = 0;
  const out = acc.map((a, b) => {
    if (a.count > 0) ece += (a.count / n) * Math.abs(a.o / a.count - a.f / a.count);
    return {
      from: b / bins,
      to: (b + 1) / bins,
      count: a.count,
      meanForecast: a.count > 0 ? a.f / a.count : null,
      observedRate: a.count > 0 ? a.o / a.count : null,
    };
  });
  return { ece, brier: brier / n, bins: out, n };
}

/**
 * Area under the ROC curve as the Mann–Whitney probability that a random event scores above a
 * random non-event, ties counting one half (midranks). Null when one class is absent.
 */
export function rocAuc(scores: readonly number[], outcomes: readonly (0 | 1)[]): number | null {
  const n = scores.length;
  if (outcomes.length !== n) throw new RangeError('scores and outcomes must pair up');
  const order = scores.map((s, i) => ({ s, y: outcomes[i] })).sort((a, b) => a.s - b.s);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && order[j + 1].s === order[i].s) j++;
    const midrank = (i + j + 2) / 2; // ranks are 1-based
    for (let m = i; m <= j; m++)
      if (order[m].y === 1) {
        rankSumPositive += midrank;
        positives++;
      }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}
