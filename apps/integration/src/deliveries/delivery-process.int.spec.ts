/*
 * Deliveries against the service as its own process (the production entry point): the memory of a
 * 1,000,000-record delivery, and a process killed half-way through a delivery.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { processMemory, type RunningApp } from '@dx/testing';
import { IntegrationHarness } from '../../test/integration-harness';

let h: IntegrationHarness;
let provider: { id: string; token: string };
let datasetId: string;
const spawned: RunningApp[] = [];

function* ndjson(from: number, n: number): Generator<string> {
  let chunk = '';
  for (let i = from; i < from + n; i++) {
    chunk += `${JSON.stringify({ district: `D${i}`, hour: '2026-03-02T10:00:00Z', people: i % 500 })}\n`;
    if (chunk.length > 128 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Streams `n` generated records (never the whole body in this process either). */
async function deliver(app: RunningApp, n: number, key: string): Promise<Response> {
  return fetch(`${app.url}/v1/datasets/${datasetId}/deliveries`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${provider.token}`,
      'content-type': 'application/x-ndjson',
      'idempotency-key': key,
    },
    body: Readable.toWeb(Readable.from(ndjson(0, n))) as ReadableStream,
    duplex: 'half',
  });
}

const count = async (sql: string): Promise<number> =>
  Number((await h.sql<{ n: string }>(sql, [datasetId]))[0].n);

beforeAll(async () => {
  h = await IntegrationHarness.start();
  provider = await h.participant();
  datasetId = await h.publishDataset(provider.id);
});

afterAll(async () => {
  for (const app of spawned) await app.stop();
  await h?.close();
});

it('applies a delivery interrupted by a killed process not at all, and its retry exactly once', async () => {
  // Deterministic fault point: the process SIGKILLs itself once 30,000 records are staged.
  const doomed = await h.spawn({ FAULT_KILL_AT_RECORD: '30000' });
  const key = `kill-${randomUUID()}`;
  const outcome = await deliver(doomed, 50_000, key).then(
    (res) => `answered ${res.status}`,
    (err: Error) => `connection lost (${err.message})`,
  );
  expect(outcome).toMatch(/^connection lost/);
  expect((await doomed.exited).signal).toBe('SIGKILL');
  // Nothing of it is left: no records, no delivery, no idempotency entry, no event.
  expect(await count(`SELECT count(*) AS n FROM integration.records WHERE dataset_id = $1`)).toBe(
    0,
  );
  expect(
    await count(`SELECT count(*) AS n FROM integration.deliveries WHERE dataset_id = $1`),
  ).toBe(0);
  expect(
    await count(
      `SELECT count(*) AS n FROM integration.outbox WHERE envelope->'data'->>'datasetId' = $1::text`,
    ),
  ).toBe(0);

  const healthy = await h.spawn();
  spawned.push(healthy);
  const first = await deliver(healthy, 50_000, key);
  expect(first.status).toBe(201);
  const body = (await first.json()) as { deliveryId: string; counts: Record<string, number> };
  expect(body.counts).toEqual({ received: 50_000, accepted: 50_000, quarantined: 0, unchanged: 0 });
  const again = await deliver(healthy, 50_000, key);
  expect(again.status).toBe(201);
  expect(((await again.json()) as { deliveryId: string }).deliveryId).toBe(body.deliveryId);
  expect(await count(`SELECT count(*) AS n FROM integration.records WHERE dataset_id = $1`)).toBe(
    50_000,
  );
  expect(
    await count(`SELECT count(*) AS n FROM integration.deliveries WHERE dataset_id = $1`),
  ).toBe(1);
});

it('takes a 1,000,000-record delivery streamed, with the process peak memory under 512 MiB', async () => {
  if (!spawned.length) spawned.push(await h.spawn()); // when run alone
  const app = spawned[0];
  const res = await deliver(app, 1_000_000, `big-${randomUUID()}`);
  expect(res.status).toBe(201);
  const body = (await res.json()) as { counts: Record<string, number> };
  // The first 50,000 keys hold the same content as the earlier delivery: unchanged.
  expect(body.counts).toEqual({
    received: 1_000_000,
    accepted: 950_000,
    quarantined: 0,
    unchanged: 50_000,
  });
  expect(
    await count(
      `SELECT count(*) AS n FROM integration.records WHERE dataset_id = $1 AND valid_to IS NULL`,
    ),
  ).toBe(1_000_000);
  const { peakMiB } = processMemory(app.pid);
  expect(peakMiB).toBeLessThan(512);
});
