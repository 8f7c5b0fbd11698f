/*
 * The database going away under a running service (the process reaches PostgreSQL through a
 * proxy the test cuts): requests get 503 with Retry-After and a retryable problem type, never a
 * 500; readiness says the replica cannot serve; when the database is back the pool recovers and
 * a retried create with the same Idempotency-Key applies once.
 */
import { randomUUID } from 'node:crypto';
import { TcpProxy, waitFor, type RunningApp } from '@dx/testing';
import { ConsentHarness } from '../test/consent-harness';

let h: ConsentHarness;
let proxy: TcpProxy;
let app: RunningApp;

beforeAll(async () => {
  h = await ConsentHarness.start();
  const proxied = await TcpProxy.forUrl(h.db.urlFor('consent'));
  proxy = proxied.proxy;
  app = await h.spawn({ DATABASE_URL: proxied.url });
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await h?.close();
});

it('answers 503 with Retry-After while its database is away, recovers, and applies a retried create once', async () => {
  const provider = await h.participant();
  const consumer = await h.participant();
  const datasetId = await h.publishDataset(provider.id);
  const body = h.agreementRequest(datasetId);
  const key = randomUUID();
  const create = () =>
    h.call<Record<string, unknown>>('POST', '/v1/agreements', {
      token: consumer.token,
      body,
      headers: { 'idempotency-key': key },
      baseUrl: app.url,
    });

  proxy.cut();
  const refused = await create();
  expect(refused.status).toBe(503);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.headers.get('retry-after')).toBe('2');
  expect(refused.body).toMatchObject({
    status: 503,
    code: 'SERVICE.DEPENDENCY_UNAVAILABLE',
    type: 'urn:dx:problem:service.dependency_unavailable',
    retryable: true,
  });
  const read = await h.call('GET', `/v1/agreements/${randomUUID()}`, {
    token: consumer.token,
    baseUrl: app.url,
  });
  expect(read.status).toBe(503);
  // It cannot serve: readiness says so (the database is what "ready" means).
  const ready = await fetch(`${app.url}/health/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ details: { database: { status: 'down' } } });

  proxy.restore();
  const created = await waitFor(create, { until: (r) => r.status !== 503, what: 'pool recovered' });
  expect(created.status).toBe(201);
  const again = await create();
  expect(again.status).toBe(201);
  expect(again.body.id).toBe(created.body.id);
  const rows = await h.sql(
    `SELECT count(*)::int AS n FROM consent.agreements WHERE dataset_id = $1`,
    [datasetId],
  );
  expect(rows[0].n).toBe(1);
  expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  expect(app.output()).not.toContain('unhandled error');
});
