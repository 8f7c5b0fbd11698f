import { createServer, type Server } from 'node:net';
import {
  createTestDatabase,
  freePort,
  runMigrationCommand,
  startApp,
  waitFor,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

/*
 * Operational behaviour of a service process: readiness means "can serve" (its database answers),
 * so Kafka being down leaves it ready and serving, reported as degraded in the details and by the
 * `dx_dependency_up` gauge; SIGTERM ends it cleanly even with its broker away.
 */
let db: TestDatabase;
let trust: RunningApp;
let deadKafka: Server;

beforeAll(async () => {
  db = await createTestDatabase();
  runMigrationCommand(db, ['trust']);
  // A port that accepts TCP and closes at once: a Kafka that is down (or not Kafka at all).
  const port = await freePort();
  deadKafka = createServer((socket) => socket.destroy());
  await new Promise<void>((r) => deadKafka.listen(port, '127.0.0.1', () => r()));
  trust = await startApp(
    'trust',
    {
      DATABASE_URL: db.urlFor('trust'),
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      DEPENDENCY_PROBE_MS: '500',
    },
    { until: 'ready' },
  );
});

afterAll(async () => {
  await trust?.stop();
  await new Promise((r) => deadKafka?.close(r));
  await db?.drop();
});

describe('a service whose Kafka is down', () => {
  it('stays ready and serving, reports Kafka as degraded in the details and the gauge', async () => {
    expect((await fetch(`${trust.url}/health/live`)).status).toBe(200);
    // The background probe notices within DEPENDENCY_PROBE_MS.
    const ready = await waitFor(
      async () => {
        const res = await fetch(`${trust.url}/health/ready`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
      { until: (r) => (r.body.degraded as string[] | undefined)?.includes('kafka') === true },
    );
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, kafka: { status: 'degraded' } },
    });
    const api = await fetch(`${trust.url}/v1/participants/${crypto.randomUUID()}/trust`);
    expect(api.status).toBe(401); // the HTTP side works: auth refuses the anonymous call
    const metrics = await fetch(`${trust.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toMatch(/dx_dependency_up\{[^}]*dependency="kafka"[^}]*\} 0/);
  });

  it('stops on SIGTERM with exit code 0 within its grace period, broker or not', async () => {
    const { code, ms } = await trust.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(25_000);
  });
});
