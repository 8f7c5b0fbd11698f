import { createServer, type Server } from 'node:net';
import {
  createTestDatabase,
  freePort,
  runMigrationCommand,
  startApp,
  type RunningApp,
  type TestDatabase,
} from '@dx/testing';

/*
 * Operational behaviour of a service process: readiness reflects its dependencies (Kafka down →
 * 503 while liveness stays 200 and the app keeps serving), and SIGTERM ends it cleanly within 10 s.
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
    { DATABASE_URL: db.urlFor('trust'), KAFKA_BROKERS: `127.0.0.1:${port}` },
    { until: 'live' },
  );
});

afterAll(async () => {
  await trust?.stop();
  await new Promise((r) => deadKafka?.close(r));
  await db?.drop();
});

describe('a service whose Kafka is down', () => {
  it('stays alive, reports not ready naming Kafka, and still answers requests', async () => {
    expect((await fetch(`${trust.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${trust.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'error',
      details: { database: { status: 'up' }, kafka: { status: 'down' } },
    });
    const api = await fetch(`${trust.url}/participants/${crypto.randomUUID()}/trust`);
    expect(api.status).toBe(401); // the HTTP side works: auth refuses the anonymous call
    const metrics = await fetch(`${trust.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
  });

  it('stops on SIGTERM with exit code 0 within 10 s', async () => {
    const { code, ms } = await trust.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});
