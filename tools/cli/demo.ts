/**
 * Loads the Almaty demo into the running local stack through the public REST APIs:
 *   npm run demo            reset the local stack's data, then load 27 simulated months
 *   (npm start loads it on first start; `npm start -- --no-demo` does not)
 * Options: --months N (default 27), --if-empty (load only into a stack without participants).
 * The participants' client credentials are written to .local/run/demo-participants.json (this user
 * only), so anyone can act as one of them afterwards.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ok } from '@dx/client';
import { PlatformClient, planAlmaty, runDemo, type Service } from '@dx/demo';

const PORTS: Record<Service, number> = {
  catalog: 3001,
  consent: 3002,
  integration: 3003,
  trust: 3004,
  insights: 3005,
};

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const months = Number(option('--months') ?? process.env.DX_DEMO_MONTHS ?? 27);
  if (!Number.isInteger(months) || months < 2 || months > 60)
    throw new Error('--months must be a whole number from 2 to 60');
  const urls = Object.fromEntries(
    Object.entries(PORTS).map(([s, port]) => [
      s,
      process.env[`DX_${s.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}`,
    ]),
  ) as Record<Service, string>;
  const api = new PlatformClient(urls, {
    clientId: 'platform-operator',
    clientSecret: process.env.OPERATOR_CLIENT_SECRET ?? 'local-operator-secret-change-me',
  });
  if (process.argv.includes('--if-empty')) {
    const existing = await ok(
      api.dx.catalog.GET('/v1/participants', { params: { query: { limit: 1 } } }),
    );
    if (existing.items.length > 0) {
      console.log(
        '[demo] the stack already has participants: not loading the demo (npm run demo resets the data and loads it)',
      );
      return;
    }
  }
  const plan = planAlmaty({ months, end: new Date() });
  console.log(
    `[demo] Almaty (synthetic): ${plan.steps.length} steps from ${plan.start.toISODate()} to ${plan.end.toISODate()}, played through the REST APIs`,
  );
  const run = await runDemo(api, plan, (line) => console.log(`[demo] ${line}`));
  const home = process.env.DX_HOME ?? join(__dirname, '..', '..', '.local');
  const file = join(home, 'run', 'demo-participants.json');
  const participants = Object.fromEntries(
    Object.entries(run.state.parties).map(([k, p]) => [
      k,
      { id: p.id, name: p.name, clientId: p.clientId, clientSecret: p.clientSecret },
    ]),
  );
  writeFileSync(file, JSON.stringify({ participants, ...run.state, parties: undefined }, null, 2), {
    mode: 0o600,
  });
  chmodSync(file, 0o600);
  const e = plan.expected;
  console.log(
    `[demo] loaded in ${run.seconds.toFixed(0)} s: ${e.participants} participants, ${e.datasets} datasets, ${e.agreements} agreements, ${run.deliveries} deliveries (${e.late} late) and ${e.missed} missed, 1 dispute, 1 regulation change, 1 consent withdrawal`,
  );
  console.log(`[demo] participants' credentials: ${file}`);
}

main().catch((err: unknown) => {
  console.error(`[demo] failed: ${(err as Error).message}`);
  process.exit(1);
});
