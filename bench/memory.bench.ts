/*
 * Idle memory of every service as a cluster runs it.
 *
 *   npm run bench -- memory
 *
 * The five services from the compiled build (NODE_ENV=production), side by side on a fresh database
 * and topic prefix, catalog issuing the tokens; each one's resident memory once it is ready and has
 * settled (two samples 500 ms apart within 2 MiB), before any load. Memory under load is measured by
 * each service's own benchmark.
 */
import { randomBytes } from 'node:crypto';
import { SERVICES } from '@dx/demo';
import {
  createTestDatabase,
  freePort,
  runMigrationCommand,
  testInfra,
  type RunningApp,
} from '@dx/testing';
import {
  BenchRecorder,
  idleMemoryMiB,
  machineInfo,
  mainIfRun,
  provisionFreshTopics,
  startService,
  type BenchReport,
} from './harness';

export async function run(): Promise<BenchReport> {
  const db = await createTestDatabase();
  const apps: RunningApp[] = [];
  try {
    runMigrationCommand(db, [...SERVICES]);
    const prefix = await provisionFreshTopics();
    const catalogPort = await freePort();
    const issuer = `http://127.0.0.1:${catalogPort}`;
    const common = {
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWT_ISSUER: issuer,
      JWKS_URL: `${issuer}/.well-known/jwks.json`,
    };
    // Sequentially: five compiled services booting at once on two cores only slows each boot.
    for (const s of SERVICES)
      apps.push(
        await startService(s, {
          ...common,
          DATABASE_URL: db.urlFor(s),
          ...(s === 'catalog'
            ? {
                PORT: String(catalogPort),
                OPERATOR_CLIENT_SECRET: randomBytes(24).toString('base64url'),
              }
            : {}),
        }),
      );
    const rec = new BenchRecorder('memory', await machineInfo(), { services: SERVICES.length });
    for (const app of apps) {
      const idle = await idleMemoryMiB(app);
      rec.memory(app.name, { idleMiB: idle });
      rec.row({ service: app.name, 'idle RSS MiB': idle });
      rec.target(`${app.name} idle RSS`, idle, 'MiB', { op: '<', value: 200 });
    }
    return rec.finish();
  } finally {
    await Promise.allSettled(apps.map((a) => a.stop()));
    await db.drop();
  }
}

mainIfRun(module, run);
