/*
 * Every benchmark in one run, one after the other (they would only measure each other on two
 * cores), and one summary table: each target with its measured figure and its goal, the baselines
 * whose before/after runs differ by more than 15 %, and the line `N of M targets met`.
 *
 *   npm run bench -- all
 *
 * Writes bench/results/summary.json beside each benchmark's own file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goalText, machineInfo, mainIfRun, type BenchReport } from './harness';
import { run as catalogSearch } from './catalog-search.bench';
import { run as consentAgreements } from './consent-agreements.bench';
import { run as integrationIngest } from './integration-ingest.bench';
import { run as memory } from './memory.bench';
import { run as trustEvidence } from './trust-evidence.bench';

const BENCHES: Array<[string, () => Promise<BenchReport>]> = [
  ['memory', memory],
  ['trust-evidence', trustEvidence],
  ['integration-ingest', integrationIngest],
  ['catalog-search', catalogSearch],
  ['consent-agreements', consentAgreements],
];

export async function runAll(): Promise<void> {
  const started = Date.now();
  const reports: BenchReport[] = [];
  for (const [name, run] of BENCHES) {
    console.log(`\n##### ${name}`);
    reports.push(await run());
  }
  // Every report carries the machine; the first one's serves the summary.
  const machine = reports[0]?.machine ?? (await machineInfo());
  const targets = reports.flatMap((r) => r.targets.map((t) => ({ bench: r.bench, ...t })));
  const flagged = reports.flatMap((r) =>
    r.baselines.filter((b) => b.flagged).map((b) => ({ bench: r.bench, ...b })),
  );
  console.log(
    `\n===== summary (${new Date().toISOString()}, ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, PostgreSQL ${machine.postgres}, Kafka ${machine.kafka}, commit ${machine.commit}; ${((Date.now() - started) / 60_000).toFixed(1)} min)`,
  );
  console.table(
    targets.map((t) => ({
      bench: t.bench,
      target: t.target,
      measured: `${t.measured} ${t.unit}`,
      goal: `${goalText(t.goal)} ${t.unit}`,
      met: t.met ? 'yes' : 'NO',
    })),
  );
  for (const b of flagged)
    console.log(
      `FLAGGED baseline (${b.bench}) ${b.name}: ${b.runs.map((x) => Math.round(x)).join(' / ')} ${b.unit}, spread ${(b.spread * 100).toFixed(1)} % > 15 %: ratios on it are not to be trusted`,
    );
  const met = targets.filter((t) => t.met).length;
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'summary.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, targets, flagged, met, total: targets.length }, null, 2)}\n`,
  );
  console.log(`${met} of ${targets.length} targets met`);
}

mainIfRun(module, runAll);
