/*
 * What every benchmark reports, and how: targets with their goals, baselines measured before and
 * after the service (a sandwich, so a machine that got slower or faster mid-run shows), the
 * machine and settings the figures were taken on, and the processes' memory. One JSON file per
 * benchmark under bench/results/, and the lines `npm run bench -- all` sums up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine';

/** A goal: the measured figure must be at least (`>=`) or below (`<`) the value. */
export interface Goal {
  op: '>=' | '<';
  value: number;
}

export interface TargetResult {
  /** What is measured, as the summary table shows it. */
  target: string;
  measured: number;
  unit: string;
  goal: Goal;
  met: boolean;
}

/**
 * A baseline run twice, before and after the service's measurement. `spread` is the larger over
 * the smaller run minus one: above 15 % the machine changed during the measurement and the ratios
 * built on it are flagged rather than trusted.
 */
export interface BaselineRuns {
  name: string;
  unit: string;
  runs: [number, number];
  mean: number;
  spread: number;
  flagged: boolean;
}

export const BASELINE_SPREAD_LIMIT = 0.15;

export interface ProcessMemoryFigures {
  /** Resident memory once ready and before any load. */
  idleMiB?: number;
  /** Peak resident memory (VmHWM) over the benchmark's load. */
  peakMiB?: number;
}

export interface BenchReport {
  bench: string;
  at: string;
  machine: MachineInfo;
  settings: Record<string, string | number>;
  targets: TargetResult[];
  baselines: BaselineRuns[];
  /** The benchmark's own table (every measured path, with its figures). */
  rows: Array<Record<string, string | number>>;
  memory: Record<string, ProcessMemoryFigures>;
  /** Share of the machine's cores busy during each measured phase (bench/harness/cpu.ts), 0–1. */
  cpu: Record<string, number>;
  notes: string[];
}

export function baselineRuns(name: string, unit: string, runs: [number, number]): BaselineRuns {
  const [a, b] = runs;
  const spread = Math.max(a, b) / Math.min(a, b) - 1;
  return {
    name,
    unit,
    runs,
    mean: (a + b) / 2,
    spread: round(spread, 3),
    flagged: !(spread <= BASELINE_SPREAD_LIMIT),
  };
}

export function target(name: string, measured: number, unit: string, goal: Goal): TargetResult {
  const met = goal.op === '>=' ? measured >= goal.value : measured < goal.value;
  return { target: name, measured: round(measured, 3), unit, goal, met };
}

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const goalText = (g: Goal): string => `${g.op === '>=' ? '≥' : '<'} ${g.value}`;

/**
 * Collects one benchmark's figures while it runs; `finish` prints them and writes
 * bench/results/<bench>.json.
 */
export class BenchRecorder {
  private readonly report: BenchReport;

  constructor(bench: string, machine: MachineInfo, settings: Record<string, string | number>) {
    this.report = {
      bench,
      at: new Date().toISOString(),
      machine,
      settings,
      targets: [],
      baselines: [],
      rows: [],
      memory: {},
      cpu: {},
      notes: [],
    };
  }

  baseline(name: string, unit: string, runs: [number, number]): BaselineRuns {
    const b = baselineRuns(name, unit, runs);
    this.report.baselines.push(b);
    return b;
  }

  target(name: string, measured: number, unit: string, goal: Goal): TargetResult {
    const t = target(name, measured, unit, goal);
    this.report.targets.push(t);
    return t;
  }

  row(r: Record<string, string | number>): void {
    this.report.rows.push(r);
  }

  memory(process: string, figures: ProcessMemoryFigures): void {
    this.report.memory[process] = { ...this.report.memory[process], ...figures };
  }

  /** How busy the cores were during a phase (nothing is recorded where it cannot be measured). */
  cpu(phase: string, busy: number | undefined): void {
    if (busy !== undefined) this.report.cpu[phase] = round(busy, 3);
  }

  note(text: string): void {
    this.report.notes.push(text);
  }

  finish(): BenchReport {
    const r = this.report;
    console.log(`\n=== ${r.bench} (${r.at})`);
    if (r.rows.length) console.table(r.rows);
    for (const b of r.baselines)
      console.log(
        `baseline ${b.name}: ${b.runs.map((x) => Math.round(x)).join(' / ')} ${b.unit} (spread ${(b.spread * 100).toFixed(1)} %${b.flagged ? ', FLAGGED: above 15 %' : ''})`,
      );
    for (const [p, m] of Object.entries(r.memory))
      console.log(
        `memory ${p}: idle ${m.idleMiB ?? '–'} MiB, peak under load ${m.peakMiB ?? '–'} MiB`,
      );
    for (const [phase, busy] of Object.entries(r.cpu))
      console.log(`cores busy during ${phase}: ${Math.round(busy * 100)} %`);
    for (const t of r.targets)
      console.log(
        `${t.met ? 'met    ' : 'NOT met'} ${t.target}: ${t.measured} ${t.unit} (goal ${goalText(t.goal)})`,
      );
    for (const n of r.notes) console.log(`note: ${n}`);
    const dir = join(__dirname, '..', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${r.bench}.json`), `${JSON.stringify(r, null, 2)}\n`);
    return r;
  }
}
