/*
 * The fault tier: the five services as two replicas each, behind Service proxies, on a Kafka
 * broker and a PostgreSQL cluster of the tier's own, under a seeded load of registrations and
 * deliveries (REST and Kafka inbound). Each scenario injects its faults by pid or fault point
 * while the load runs, then the invariant checker compares the history with what the platform
 * holds (invariants.ts). The checks passed per scenario and the wall time are written to
 * .local/faults/report.json (and printed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Service } from '@dx/demo';
import { repoRoot, waitFor } from '@dx/testing';
import { FaultStack, IDLE_IN_TRANSACTION_LIMIT_MS } from '../test/faults/fault-stack';
import { checkInvariants, IdleTransactionSampler, type Check } from '../test/faults/invariants';
import { LoadGenerator, prepare, type Setup } from '../test/faults/workload';

const SEED = Number(process.env.DX_FAULTS_SEED ?? 20261204);
let stack: FaultStack;
let setup: Setup;
let load: LoadGenerator;
let sampler: IdleTransactionSampler;
const report: Array<{
  scenario: string;
  passed: number;
  checks: number;
  seconds: number;
  failed: Check[];
}> = [];
const started = Date.now();

beforeAll(async () => {
  stack = await FaultStack.start({ replicas: 2 });
  const api = stack.client();
  setup = await prepare(api);
  sampler = new IdleTransactionSampler(stack);
  sampler.start();
  load = new LoadGenerator(stack, api, setup, SEED);
});

afterAll(async () => {
  await load?.stop().catch(() => undefined);
  sampler?.stop();
  const dir = join(process.env.DX_HOME ?? join(repoRoot, '.local'), 'faults');
  mkdirSync(dir, { recursive: true });
  const summary = {
    seed: SEED,
    wallSeconds: Math.round((Date.now() - started) / 1000),
    scenarios: report,
    history: load?.history.summary(),
  };
  writeFileSync(join(dir, 'report.json'), JSON.stringify(summary, null, 2));
  // Each replica's log, for whoever reads a failed run.
  for (const r of stack?.replicas ?? []) writeFileSync(join(dir, `${r.name}.log`), r.app.output());
  for (const [i, r] of (stack?.retired ?? []).entries())
    writeFileSync(join(dir, `${r.name}.retired-${i}.log`), r.app.output());
  process.stdout.write(`[faults] ${JSON.stringify(summary)}\n`);
  await stack?.stop();
});

/** Runs a scenario under load, then the invariants; every check must pass. */
async function scenario(
  name: string,
  inject: () => Promise<void>,
  opts: { idleLimitSeconds?: number } = {},
): Promise<void> {
  const t0 = Date.now();
  sampler.reset();
  load.start();
  try {
    await load.completed(10);
    await inject();
    await load.completed(10);
  } finally {
    await load.stop();
  }
  const checks = await checkInvariants(stack, load.history, setup, sampler, opts);
  const failed = checks.filter((c) => !c.ok);
  report.push({
    scenario: name,
    passed: checks.length - failed.length,
    checks: checks.length,
    seconds: Math.round((Date.now() - t0) / 1000),
    failed,
  });
  expect(failed).toEqual([]);
}

const readiness = () =>
  Promise.all(
    stack.replicas.map((r) =>
      fetch(`${r.app.url}/health/ready`, { signal: AbortSignal.timeout(3000) })
        .then(async (res) => ({
          name: r.name,
          status: res.status,
          body: (await res.json()) as { degraded?: string[] },
        }))
        .catch(() => ({ name: r.name, status: 0, body: { degraded: [] as string[] } })),
    ),
  );

it('baseline: two replicas of every service under load hold every invariant', async () => {
  await scenario('baseline (2 replicas each)', async () => {
    // Both insights replicas stream updates, each verifying the token itself.
    const token = await stack.client().token();
    const streams = ['insights-0', 'insights-1'].map(async (name) => {
      const abort = new AbortController();
      const res = await fetch(`${stack.replica(name).app.url}/v1/insights/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('event: update')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      abort.abort();
      return text.includes('event: update');
    });
    await load.completed(20);
    expect(await Promise.all(streams)).toEqual([true, true]);
  });
});

it('broker killed and restarted: every replica stays ready (Kafka degraded), writes go on, nothing lost or doubled', async () => {
  await scenario('Kafka broker SIGKILL, 15 s down, restart', async () => {
    await stack.kafka.kill('SIGKILL');
    try {
      await whileBrokerDown();
    } finally {
      // Back whatever the checks said, so one failure does not take the next scenarios down.
      await stack.kafka.start();
    }
  });
});

/** While the broker is away: every replica ready but degraded, and REST writes acknowledged. */
async function whileBrokerDown(): Promise<void> {
  const during = await waitFor(readiness, {
    until: (all) => all.every((r) => r.status === 200 && r.body.degraded?.includes('kafka')),
    timeoutMs: 15_000,
    what: 'every replica ready and degraded',
  });
  expect(during.every((r) => r.status === 200)).toBe(true);
  // REST writes keep succeeding while the broker is away (their events wait in the outbox).
  const before = load.history.ok('deliver').length;
  await waitFor(() => Promise.resolve(load.history.ok('deliver').length), {
    until: (n) => n >= before + 3,
    timeoutMs: 30_000,
    what: 'deliveries acknowledged during the outage',
  });
}

it('database backends terminated, then the cluster stopped for over a minute and restarted', async () => {
  await scenario(
    'PostgreSQL backends terminated; cluster down 65 s (immediate), restarted',
    async () => {
      const killed = await stack.pg.terminateBackends([
        'dx_catalog',
        'dx_consent',
        'dx_integration',
        'dx_trust',
        'dx_insights',
      ]);
      expect(killed).toBeGreaterThan(0);
      await load.completed(5);
      stack.pg.stop('immediate');
      const down = Date.now();
      // Not ready (cannot serve) while it is down; retried, never dead-lettered.
      await waitFor(readiness, {
        until: (all) => all.every((r) => r.status === 503),
        timeoutMs: 20_000,
        what: 'every replica not ready',
      });
      await waitFor(() => Promise.resolve(Date.now() - down), {
        until: (ms) => ms >= 65_000,
        timeoutMs: 70_000,
        intervalMs: 1000,
      });
      await stack.pg.start();
    },
  );
});

it('each service SIGKILLed at a fault point (after commit, before answer or offset; after publish, before mark)', async () => {
  const points: Array<[Service, string]> = [
    ['catalog', 'http.after-commit:kill@2'],
    ['integration', 'http.after-commit:kill@3'],
    ['consent', 'relay.after-publish:kill@3'],
    ['trust', 'relay.after-publish:kill@2'],
    ['insights', 'consumer.after-commit:kill@5'],
  ];
  await scenario('SIGKILL at a fault point, per service (both replicas armed)', async () => {
    for (const [service, point] of points) {
      // Both replicas armed: whichever takes the work dies there; then both come back unarmed.
      // Both at once (the service is briefly away; the load retries with its keys): restarting
      // them one after another doubled this scenario's minutes without testing anything more.
      await Promise.all(
        [0, 1].map(async (i) => {
          await stack.replica(`${service}-${i}`).app.stop();
          await stack.startReplica(service, i, { DX_FAULT_POINTS: point });
        }),
      );
      const died = await waitFor(
        () =>
          Promise.resolve([0, 1].filter((i) => stack.replica(`${service}-${i}`).app.exitedNow())),
        { until: (d) => d.length > 0, timeoutMs: 90_000, what: `${service} to die at ${point}` },
      );
      const exit = await stack.replica(`${service}-${died[0]}`).app.exited;
      expect(exit.signal).toBe('SIGKILL');
      await Promise.all(
        [0, 1].map(async (i) => {
          await stack.replica(`${service}-${i}`).app.stop();
          await stack.startReplica(service, i);
        }),
      );
    }
  });
});

it('a consumer frozen past its session timeout, then resumed (a zombie), applies nothing twice', async () => {
  // Frozen longer than the database's idle-in-transaction limit: a transaction the replica left
  // open is ended by the server (its rows released), and the resumed replica retries the work.
  await scenario(
    'SIGSTOP consent-0 and trust-0 for 12 s (session 6 s, idle limit 8 s), SIGCONT',
    async () => {
      stack.signal('consent-0', 'SIGSTOP');
      stack.signal('trust-0', 'SIGSTOP');
      const frozen = Date.now();
      await load.completed(10);
      await waitFor(() => Promise.resolve(Date.now() - frozen), {
        until: (ms) => ms >= 12_000,
        timeoutMs: 20_000,
        intervalMs: 500,
      });
      stack.signal('consent-0', 'SIGCONT');
      stack.signal('trust-0', 'SIGCONT');
    },
    { idleLimitSeconds: IDLE_IN_TRANSACTION_LIMIT_MS / 1000 + 1 },
  );
});

it('rolling restart under traffic (SIGTERM each replica, one at a time): exit 0, no request cut', async () => {
  const from = load.history.ops.length;
  await scenario('SIGTERM rolling restart of all ten replicas', async () => {
    for (const r of [...stack.replicas]) {
      const { code, ms } = await r.app.stop();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(25_000);
      await stack.startReplica(r.service, Number(r.name.split('-')[1]));
    }
  });
  // Every request started during the restarts got an answer the first time (drained, not cut).
  const cut = load.history.ops
    .slice(from)
    .filter((o) => o.kind !== 'inbound' && o.unknownAttempts > 0);
  expect(cut.map((o) => `${o.kind} ${o.detail}`)).toEqual([]);
});

it('a replica killed mid-load and replaced', async () => {
  await scenario('SIGKILL integration-0 and consent-1 mid-load, restart', async () => {
    stack.signal('integration-0', 'SIGKILL');
    stack.signal('consent-1', 'SIGKILL');
    await load.completed(10);
    await stack.startReplica('integration', 0);
    await stack.startReplica('consent', 1);
  });
});

it('duplicate concurrent deliveries (REST and Kafka inbound) apply once', async () => {
  await scenario('five concurrent duplicates of a delivery, REST and inbound', async () => {
    const results = await load.duplicates(5);
    expect(new Set(results.rest).size).toBe(1);
  });
});
