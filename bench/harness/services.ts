/*
 * Services as a cluster runs them: the compiled build (`npm run build`, the image's entry point)
 * with NODE_ENV=production, each its own process. `npm run bench` builds first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { allTopicSpecs, nodeOptionsOf } from '@dx/contracts';
import { KafkaConnection, provisionTopics } from '@dx/messaging';
import { createLogger } from '@dx/observability';
import {
  processMemory,
  repoRoot,
  startApp,
  testInfra,
  uniquePrefix,
  type RunningApp,
} from '@dx/testing';

export async function startService(name: string, env: Record<string, string>): Promise<RunningApp> {
  if (!existsSync(join(repoRoot, `dist/apps/${name}/src/main.js`)))
    throw new Error(`dist/apps/${name} is missing: run npm run build (npm run bench does)`);
  // BENCH_CPU_PROF=1: each service writes a V8 CPU profile when it exits (open it in Chrome's
  // DevTools or speedscope) under bench/results/profiles/ — where the time goes, per run.
  const profile = process.env.BENCH_CPU_PROF
    ? ` --cpu-prof --cpu-prof-dir=${join(repoRoot, 'bench/results/profiles')}`
    : '';
  return startApp(
    name,
    // The heap limit the cluster gives it (libs/contracts/src/service-runtime.ts).
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: nodeOptionsOf(name) + profile,
      ...env,
    },
    { compiled: true },
  );
}

/**
 * Resident memory once the process has settled after boot: sampled every 500 ms until two samples
 * agree within 2 MiB (boot allocations done, first collections run), at most 10 s.
 */
export async function idleMemoryMiB(app: RunningApp): Promise<number> {
  let last = processMemory(app.pid).rssMiB;
  for (let i = 0; i < 20; i++) {
    await delay(500);
    const now = processMemory(app.pid).rssMiB;
    if (Math.abs(now - last) <= 2) return now;
    last = now;
  }
  return last;
}

/** Peak resident memory of the process so far (the kernel's high-water mark). */
export const peakMemoryMiB = (app: RunningApp): number => processMemory(app.pid).peakMiB;

/** Every platform topic under a fresh prefix (a benchmark's own, as a test run's): the prefix. */
export async function provisionFreshTopics(): Promise<string> {
  const prefix = uniquePrefix();
  const connection = new KafkaConnection(
    { brokers: testInfra().kafkaBrokers, clientId: 'bench', topicPrefix: prefix },
    createLogger('bench'),
  );
  await provisionTopics(connection, allTopicSpecs());
  await connection.close();
  return prefix;
}
