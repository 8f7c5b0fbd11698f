/*
 * The seeded chaos soak (`npm run chaos -- --minutes N [--seed S]`), outside `npm test`: the fault
 * tier's stack and load, with the same faults drawn at random on a schedule for N minutes, then
 * the same invariants. The seed makes a failing schedule replayable. Report:
 * .local/faults/chaos-report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, seededRandom } from '@dx/demo';
import { repoRoot, waitFor } from '@dx/testing';
import { FaultStack, IDLE_IN_TRANSACTION_LIMIT_MS } from '../test/faults/fault-stack';
import { checkInvariants, IdleTransactionSampler } from '../test/faults/invariants';
import { LoadGenerator, prepare } from '../test/faults/workload';

const MINUTES = Number(process.env.DX_CHAOS_MINUTES ?? 5);
const SEED = Number(process.env.DX_CHAOS_SEED ?? Date.now() % 1_000_000);

it(
  `holds every invariant through ${MINUTES} minutes of seeded chaos (seed ${SEED})`,
  async () => {
    const stack = await FaultStack.start({ replicas: 2 });
    const random = seededRandom(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const sleep = async (ms: number) => {
      const end = Date.now() + ms;
      await waitFor(() => Promise.resolve(Date.now()), {
        until: (t) => t >= end,
        intervalMs: 200,
        timeoutMs: ms + 5000,
      });
    };
    const log: string[] = [];
    let sampler: IdleTransactionSampler | undefined;
    let load: LoadGenerator | undefined;
    try {
      const api = stack.client();
      const setup = await prepare(api);
      sampler = new IdleTransactionSampler(stack);
      sampler.start();
      load = new LoadGenerator(stack, api, setup, SEED);
      load.start();
      const faults: Record<string, () => Promise<void>> = {
        'kill a replica': async () => {
          const r = pick(stack.replicas);
          stack.signal(r.name, 'SIGKILL');
          await sleep(1000 + random() * 5000);
          await stack.startReplica(r.service, Number(r.name.split('-')[1]));
          log.push(`SIGKILL ${r.name}`);
        },
        'freeze a replica past its session': async () => {
          const r = pick(stack.replicas);
          stack.signal(r.name, 'SIGSTOP');
          await sleep(7000 + random() * 8000);
          stack.signal(r.name, 'SIGCONT');
          log.push(`SIGSTOP/SIGCONT ${r.name}`);
        },
        'restart a replica (SIGTERM)': async () => {
          const r = pick(stack.replicas);
          await r.app.stop();
          await stack.startReplica(r.service, Number(r.name.split('-')[1]));
          log.push(`SIGTERM ${r.name}`);
        },
        'kill the broker': async () => {
          await stack.kafka.kill('SIGKILL');
          await sleep(3000 + random() * 20_000);
          await stack.kafka.start();
          log.push('SIGKILL broker');
        },
        'terminate database backends': async () => {
          await stack.pg.terminateBackends(SERVICES.map((s) => `dx_${s}`));
          log.push('pg_terminate_backend');
        },
        'crash the database': async () => {
          stack.pg.stop('immediate');
          await sleep(2000 + random() * 20_000);
          await stack.pg.start();
          log.push('PostgreSQL immediate stop + start');
        },
      };
      const end = Date.now() + MINUTES * 60_000;
      while (Date.now() < end) {
        await sleep(3000 + random() * 12_000);
        await faults[pick(Object.keys(faults))]();
      }
      await load.stop();
      // Replicas are frozen at random: a transaction may stay idle up to the database's limit.
      const checks = await checkInvariants(stack, load.history, setup, sampler, {
        idleLimitSeconds: IDLE_IN_TRANSACTION_LIMIT_MS / 1000 + 1,
      });
      const failed = checks.filter((c) => !c.ok);
      const dir = join(process.env.DX_HOME ?? join(repoRoot, '.local'), 'faults');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'chaos-report.json'),
        JSON.stringify(
          { seed: SEED, minutes: MINUTES, faults: log, checks, history: load.history.summary() },
          null,
          2,
        ),
      );
      process.stdout.write(
        `[chaos] seed ${SEED}: ${log.length} faults, ${checks.length - failed.length}/${checks.length} checks passed\n`,
      );
      expect(failed).toEqual([]);
    } finally {
      await load?.stop(10_000).catch(() => undefined);
      sampler?.stop();
      await stack.stop();
    }
  },
  (MINUTES + 15) * 60_000,
);
