import { waitFor } from '@dx/testing';
import { SearchCounts } from './search-counts';

/*
 * The counts cache on its own (pure logic: the count is a function the test controls). Against
 * PostgreSQL and the API: datasets/search-counts.int.spec.ts.
 */
const statement = (q: string) => ({ text: 'SELECT counts WHERE q = $1', params: [q] });

/** A count the test resolves by hand, numbering each call. */
function controlledCount() {
  let calls = 0;
  const pending: Array<(n: number) => void> = [];
  return {
    get calls() {
      return calls;
    },
    count: () => {
      calls++;
      const countedAt = new Date();
      return new Promise<{ total: number; countedAt: Date }>((resolve) =>
        pending.push((total) => resolve({ total, countedAt })),
      );
    },
    resolveAll(total: number) {
      for (const r of pending.splice(0)) r(total);
    },
  };
}

it('counts once for concurrent searches of the same thing, and apart for different ones', async () => {
  const counts = new SearchCounts(60_000);
  const c = controlledCount();
  const three = [1, 2, 3].map(() => counts.get(statement('bus'), c.count));
  const other = counts.get(statement('taxi'), c.count);
  expect(c.calls).toBe(2);
  c.resolveAll(7);
  expect((await Promise.all(three)).map((r) => r.total)).toEqual([7, 7, 7]);
  expect((await other).total).toBe(7);
  // Remembered: a fourth search counts nothing.
  expect((await counts.get(statement('bus'), c.count)).total).toBe(7);
  expect(c.calls).toBe(2);
});

it('counts again once the counts are older than the maximum age', async () => {
  const counts = new SearchCounts(40);
  let calls = 0;
  const count = () => Promise.resolve({ total: ++calls, countedAt: new Date() });
  const first = await counts.get(statement('bus'), count);
  expect(first.total).toBe(1);
  const later = await waitFor(() => counts.get(statement('bus'), count), {
    until: (r) => r.total === 2,
    intervalMs: 10,
    timeoutMs: 2_000,
  });
  // Never served older than the maximum age (plus the time to take the sample).
  expect(later.countedAt.getTime() - first.countedAt.getTime()).toBeGreaterThanOrEqual(40);
});

it('after invalidate, counts again; a count under way still answers its waiters', async () => {
  const counts = new SearchCounts(60_000);
  const c = controlledCount();
  const before = counts.get(statement('bus'), c.count);
  counts.invalidate();
  const after = counts.get(statement('bus'), c.count);
  expect(c.calls).toBe(2);
  c.resolveAll(3);
  // The search waiting on the older count gets it (not an abort error); the newer one its own.
  await expect(before).resolves.toMatchObject({ total: 3 });
  await expect(after).resolves.toMatchObject({ total: 3 });
  expect(c.calls).toBe(2);
});

it('counts on every request when the maximum age is 0', async () => {
  const counts = new SearchCounts(0);
  let calls = 0;
  const count = () => Promise.resolve({ total: ++calls, countedAt: new Date() });
  await counts.get(statement('bus'), count);
  await counts.get(statement('bus'), count);
  expect(calls).toBe(2);
});

it('does not remember a failed count', async () => {
  const counts = new SearchCounts(60_000);
  await expect(
    counts.get(statement('bus'), () => Promise.reject(new Error('database gone'))),
  ).rejects.toThrow('database gone');
  const ok = await counts.get(statement('bus'), () =>
    Promise.resolve({ total: 5, countedAt: new Date() }),
  );
  expect(ok.total).toBe(5);
});
