/**
 * Runs the seeded trust simulation (27 simulated months) through the real scoring code and prints
 * its figures against the targets of issue 6:
 *   npm run trust:simulate [-- --seed 42 --months 27]
 */
import { simulate } from '../simulation/simulate';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const seed = arg('seed', 42);
const months = arg('months', 27);
const t0 = Date.now();
const r = simulate(seed, months);
const ok = (b: boolean) => (b ? 'met' : 'NOT met');
console.table(
  r.providers.map((p) => ({
    kind: p.kind,
    truth: +p.truth.toFixed(3),
    score: +p.score.toFixed(3),
    lowerBound: +p.lowerBound.toFixed(3),
    tier: p.tier,
  })),
);
console.log(
  `seed ${seed}, ${months} months (${r.days} days), ${r.events} events, ${Date.now() - t0} ms`,
);
console.log(
  `Kendall tau (final score vs ground truth): ${r.kendallTau.toFixed(3)} — target ≥ 0.8 ${ok(r.kendallTau >= 0.8)}`,
);
console.log(
  `on-off provider: ${r.onOff.tierBefore} when it turned bad (day ${r.onOff.turnedBadOnDay}); tier dropped to ${r.onOff.tierAfter ?? '—'} after ${r.onOff.detectionDays ?? '∞'} days — target ≤ 30 ${ok((r.onOff.detectionDays ?? Infinity) <= 30)}`,
);
console.log(
  `collusion gain: ${r.collusionGain.toFixed(4)} — target ≤ 0.05 ${ok(r.collusionGain <= 0.05)}`,
);
console.log(
  `slander loss while disputes are unresolved: ${r.slanderLoss} — target 0 ${ok(r.slanderLoss === 0)}`,
);
console.log(
  `whitewasher: ${r.whitewasher.oldScore.toFixed(3)} before re-registering; new identity ${r.whitewasher.newScore.toFixed(3)} (lower bound ${r.whitewasher.newLowerBound.toFixed(3)})`,
);
const attack = (name: string, a: typeof r.camouflage) =>
  console.log(
    `${name}: ${a.tierBefore} when it began (day ${a.startedOnDay}); tier dropped to ${a.tierAfter ?? '—'} after ${a.detectionDays ?? '∞'} days; ${a.tierAtEnd} at the end`,
  );
attack('discrimination (good to the city, bad to three small consumers)', r.discrimination);
console.log(
  `  what the favoured city alone would see at the end: ${r.discrimination.favouredTier}; the victims alone: ${r.discrimination.victimsTier}`,
);
attack('camouflage (clean small agreements, then defects on a large one)', r.camouflage);
const pv = r.predictive;
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
console.log(
  `score as a forecast of next month's punctuality (${pv.n} obligations, ${pv.providers} providers, model ${pv.modelVersions.map((v) => v.version).join(', ')}):`,
);
console.log(
  `  trust score:       ECE ${fmt(pv.score?.ece)}, Brier ${fmt(pv.score?.brier)}, AUC (late or missed) ${fmt(pv.score?.auc)}`,
);
console.log(
  `  last month's rate: ECE ${fmt(pv.baseline?.ece)}, Brier ${fmt(pv.baseline?.brier)}, AUC (late or missed) ${fmt(pv.baseline?.auc)}`,
);
