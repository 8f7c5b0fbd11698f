/*
 * SIGTERM under traffic, as a rolling update sends it: the service process (the production entry
 * point) answers not-ready at once, tells keep-alive clients to close (`Connection: close`),
 * finishes what is in flight — here a delivery whose body is still streaming in — and exits 0
 * within its grace period. Nothing acknowledged is lost, nothing is cut.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { waitFor, type RunningApp } from '@dx/testing';
import { IntegrationHarness } from '../test/integration-harness';

let h: IntegrationHarness;
let provider: { id: string; token: string };
let datasetId: string;

beforeAll(async () => {
  h = await IntegrationHarness.start();
  provider = await h.participant();
  datasetId = await h.publishDataset(provider.id);
});

afterAll(async () => {
  await h?.close();
});

/**
 * A client whose upload spans the shutdown: half the records, then, once `sigtermSeen()` holds, the
 * rest. The body is still arriving while the service drains, whatever the machine's speed.
 */
async function* bodySpanningSigterm(
  records: number,
  sigtermSeen: () => boolean,
): AsyncGenerator<string> {
  const line = (i: number) =>
    `${JSON.stringify({ district: `S${i}`, hour: '2026-03-02T10:00:00Z', people: i })}\n`;
  const half = Math.floor(records / 2);
  for (let i = 0; i < half; i++) yield line(i);
  await waitFor(() => Promise.resolve(sigtermSeen()), {
    until: Boolean,
    timeoutMs: 60_000,
    what: 'the pod taken out of the endpoints after SIGTERM',
  });
  for (let i = half; i < records; i++) yield line(i);
}

interface Outcome {
  startedAfterSigterm: boolean;
  status?: number;
  connectionClose?: boolean;
  error?: string;
}

it('drains on SIGTERM under keep-alive traffic: not ready at once, nothing cut, exit 0 within the grace period', async () => {
  const app: RunningApp = await h.spawn({
    SHUTDOWN_DELAY_MS: '1500',
    SHUTDOWN_GRACE_MS: '20000',
    LOG_LEVEL: 'info',
  });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  const auth = { authorization: `Bearer ${provider.token}` };
  let sigtermAt = 0;
  const outcomes: Outcome[] = [];
  // The Service's endpoints, as kube-proxy sees them: a prober takes the pod out when readiness
  // fails; until then (a few probe periods after SIGTERM) clients keep sending it requests.
  // The probe period (250 ms) is the kubelet's pacing, the input of this test, not a wait.
  let routable = true;
  const prober = waitFor(
    async () => {
      const res = await request(`${app.url}/health/ready`).catch(() => undefined);
      await res?.body.dump();
      return res?.statusCode;
    },
    { until: (status) => status !== 200, intervalMs: 250, timeoutMs: 60_000, what: 'pod unready' },
  ).finally(() => {
    routable = false;
  });

  // Eight keep-alive clients reading as fast as they can while the pod is routable.
  const reader = async () => {
    while (routable) {
      const startedAfterSigterm = sigtermAt > 0;
      try {
        const res = await request(`${app.url}/v1/datasets/${datasetId}/settings`, {
          headers: auth,
          dispatcher: agent,
        });
        await res.body.text();
        outcomes.push({
          startedAfterSigterm,
          status: res.statusCode,
          connectionClose: res.headers.connection === 'close',
        });
      } catch (err) {
        outcomes.push({
          startedAfterSigterm,
          error: (err as { code?: string }).code ?? (err as Error).message,
        });
      }
    }
  };
  const readers = Array.from({ length: 8 }, () => reader());

  // A delivery started before SIGTERM whose body ends after it: it must complete.
  const inFlight = fetch(`${app.url}/v1/datasets/${datasetId}/deliveries`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-ndjson', 'idempotency-key': randomUUID() },
    body: Readable.toWeb(Readable.from(bodySpanningSigterm(40, () => !routable))) as ReadableStream,
    duplex: 'half',
  });

  // Let traffic run, then SIGTERM as the kubelet does.
  await waitFor(() => outcomes.length, {
    until: (n) => n >= 40,
    intervalMs: 20,
    timeoutMs: 30_000,
    what: '40 requests answered',
  });
  sigtermAt = Date.now();
  const stopped = app.stop();
  // Readiness drops at once (as soon as the signal is handled), long before the listener closes.
  const ready = await waitFor(
    async () => {
      const res = await request(`${app.url}/health/ready`);
      return { status: res.statusCode, body: await res.body.json() };
    },
    { until: (r) => r.status === 503, timeoutMs: 1000, intervalMs: 20, what: 'not ready' },
  );
  expect(ready.body).toMatchObject({ details: { shutdown: { status: 'down' } } });

  const delivery = await inFlight;
  expect(delivery.status).toBe(201);
  expect(((await delivery.json()) as { counts: { accepted: number } }).counts.accepted).toBe(40);

  const { code, ms } = await stopped;
  await Promise.all([prober, ...readers]);
  await agent.close();

  expect(code).toBe(0);
  expect(ms).toBeLessThan(20_000);
  const answered = outcomes.filter((o) => o.status !== undefined);
  const after = answered.filter((o) => o.startedAfterSigterm);
  // Requests kept being served while draining, every one of them answered in full …
  expect(after.length).toBeGreaterThan(0);
  expect(answered.every((o) => o.status === 200)).toBe(true);
  // … and told the client to close, so no keep-alive connection was cut under a request.
  expect(after.every((o) => o.connectionClose)).toBe(true);
  expect(outcomes.filter((o) => o.error)).toEqual([]);
  expect(app.output()).toContain('stopped cleanly');
});
