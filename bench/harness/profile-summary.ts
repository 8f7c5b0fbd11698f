/*
 * Where a service's CPU time went, from a V8 profile written under BENCH_CPU_PROF=1:
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register bench/harness/profile-summary.ts \
 *     bench/results/profiles/<file>.cpuprofile [top]
 *
 * Self time per function (file:line), and per package or source folder, largest first; idle and
 * garbage collection shown apart. For the flame graph, open the file in Chrome DevTools.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A package (`node_modules/<name>`), a source folder (`libs/messaging`), or the runtime. */
export function areaOf(url: string): string {
  if (!url) return '(runtime)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /(apps|libs)\/([^/]+)\//.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^.*\//, '');
}

export function summarise(p: CpuProfile): {
  totalMs: number;
  byFunction: Array<[string, number]>;
  byArea: Array<[string, number]>;
} {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|apps|libs)\//, '$1/')}:${f.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const a = f.functionName.startsWith('(') ? f.functionName : areaOf(f.url);
    area.set(a, (area.get(a) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]);
  return {
    totalMs: (p.endTime - p.startTime) / 1000,
    byFunction: sorted(fn),
    byArea: sorted(area),
  };
}

if (require.main === module) {
  const [file, top = '30'] = process.argv.slice(2);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1)} %`;
  console.log(`profile ${file}: ${(s.totalMs / 1000).toFixed(1)} s`);
  console.log('\nby area (self time):');
  for (const [a, ms] of s.byArea.slice(0, Number(top)))
    console.log(`  ${pct(ms).padStart(7)}  ${a}`);
  console.log('\nby function (self time):');
  for (const [f, ms] of s.byFunction.slice(0, Number(top)))
    console.log(`  ${pct(ms).padStart(7)}  ${f}`);
}
