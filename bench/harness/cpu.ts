/*
 * How busy the machine's cores were while a phase ran, from the kernel's counters (/proc/stat on
 * Linux). A ratio against a baseline means one thing when the cores were saturated in both phases
 * (each side's CPU per item decides it, and nothing the service waits for) and another when they
 * idled (something waited: a lock, a round trip, a single thread): the closing argument for a
 * target that is not met needs to know which.
 */
import { readFileSync } from 'node:fs';
import { round } from './report';

/** Jiffies spent working and in total, summed over every core. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal (guest
 * time is already inside user and nice). Idle and iowait count as not busy.
 */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('no aggregate cpu line in /proc/stat');
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Share of the cores' time spent working between two readings, 0–1. */
export function busyShare(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** The counters now; undefined where the kernel does not expose them (not Linux). */
export function cpuTimes(): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** How busy the cores were since a reading taken with {@link cpuTimes} (undefined: not measurable). */
export function busySince(before: CpuTimes | undefined): number | undefined {
  const now = cpuTimes();
  return before && now ? busyShare(before, now) : undefined;
}

/** Runs a phase and says how busy the cores were meanwhile. */
export async function withCpu<T>(phase: () => Promise<T>): Promise<[T, number | undefined]> {
  const before = cpuTimes();
  const result = await phase();
  return [result, busySince(before)];
}

/**
 * A service's ratio to its baseline had both used the same share of the cores: each rate divided
 * by how busy the cores were while it ran. Below the goal, the gap is CPU spent per item (what a
 * profile shows), not waiting; at or above it, the service waits on something the baseline does
 * not (a lock, a round trip, one thread). Undefined where the CPU could not be measured.
 */
export function ratioAtEqualCpu(
  service: { rate: number; busy: number | undefined },
  baseline: { rate: number; busy: number | undefined },
): number | undefined {
  if (!service.busy || !baseline.busy) return undefined;
  return service.rate / service.busy / (baseline.rate / baseline.busy);
}

/** {@link ratioAtEqualCpu} as a note prints it. */
export const equalCpuText = (r: number | undefined): string =>
  r === undefined ? 'not measurable here' : String(round(r, 3));
