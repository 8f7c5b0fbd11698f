/*
 * The event stream on SIGTERM: the insights process (the production entry point) ends every open
 * `/v1/insights/stream` cleanly as it stops accepting connections (the browser's EventSource then
 * reconnects to another replica), so the drain is not held up by streams that never end.
 */
import { randomUUID } from 'node:crypto';
import { waitFor } from '@dx/testing';
import { InsightsHarness } from '../../test/insights-harness';

let h: InsightsHarness;

beforeAll(async () => {
  h = await InsightsHarness.start();
});

afterAll(async () => {
  await h?.close();
});

it('ends open event streams cleanly on SIGTERM and exits 0 well within the grace period', async () => {
  const app = await h.spawn({ SHUTDOWN_GRACE_MS: '20000' });
  const token = await h.token(randomUUID(), ['dashboard']);
  const streams = await Promise.all(
    [1, 2, 3].map(() =>
      fetch(`${app.url}/v1/insights/stream`, { headers: { authorization: `Bearer ${token}` } }),
    ),
  );
  expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
  // Each stream read to its end: `done` is a clean end of the response, not a reset.
  const ended = streams.map(async (s) => {
    const reader = s.body!.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) return 'ended';
    }
  });
  const stopped = app.stop();
  const outcomes = await waitFor(() => Promise.all(ended), {
    until: (o) => o.every((x) => x === 'ended'),
    timeoutMs: 15_000,
    what: 'every stream ended',
  });
  expect(outcomes).toEqual(['ended', 'ended', 'ended']);
  const { code, ms } = await stopped;
  expect(code).toBe(0);
  // Streams never end by themselves: without ending them the drain would wait for the grace.
  expect(ms).toBeLessThan(10_000);
});
