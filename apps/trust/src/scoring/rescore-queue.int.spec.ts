import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { TrustHarness } from '../../test/trust-harness';
import { RescoreQueue } from './domain/rescore-queue';

/*
 * The rescore queue's due rule against the real table: an entry is due once its evidence has been
 * quiet for the quiet period, or once it has waited the bound since its first evidence after the
 * last rescoring; evidence arriving under a claim starts the wait again. The service's own
 * rescorer is held off (a quiet period and bound of minutes) so only the test claims.
 */
let h: TrustHarness;
let queue: RescoreQueue<EntityManager>;

beforeAll(async () => {
  h = await TrustHarness.start({
    TRUST_RESCORE_DELAY_MS: '60000',
    TRUST_RESCORE_MAX_DELAY_MS: '600000',
  });
  queue = h.app.app.get<RescoreQueue<EntityManager>>(RescoreQueue);
});

afterAll(async () => {
  await h?.close();
});

/** A queue row as it would stand after evidence `lastAgoS` ago, first queued `firstAgoS` ago. */
async function row(
  firstAgoS: number,
  lastAgoS: number,
  claimedForS: number | null = null,
): Promise<string> {
  const participant = randomUUID();
  await h.sql(
    `INSERT INTO trust.rescore_queue (participant_id, role, queued_at, last_queued_at, claimed_until)
     VALUES ($1, 'provider', now() - make_interval(secs => $2), now() - make_interval(secs => $3),
             CASE WHEN $4::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $4::float8) END)`,
    [participant, firstAgoS, lastAgoS, claimedForS],
  );
  return participant;
}

it('claims what has been quiet for the quiet period or has waited the bound, nothing else', async () => {
  const quiet = await row(10, 10);
  const waitedTooLong = await row(20, 1);
  const stillBusy = await row(2, 1);
  const claimedElsewhere = await row(30, 30, 60);
  const due = { quietMs: 5_000, maxWaitMs: 15_000 };
  // A batch takes the longest wait first.
  const first = await queue.claim(1, due, 60);
  expect(first.map((c) => c.participantId)).toEqual([waitedTooLong]);
  const rest = (await queue.claim(100, due, 60)).map((c) => c.participantId);
  expect(rest).toContain(quiet);
  expect(rest).not.toContain(stillBusy);
  expect(rest).not.toContain(claimedElsewhere);
  expect(rest).not.toContain(waitedTooLong);
});

it('moves the quiet period with every enqueue and restarts the wait when evidence arrives under a claim', async () => {
  const ds = h.app.app.get(DataSource);
  const idle = await row(20, 20);
  const busy = await row(20, 20);
  const [claim] = await queue.claim(1, { quietMs: 5_000, maxWaitMs: 15_000 }, 60);
  expect([idle, busy]).toContain(claim.participantId);
  const underClaim = claim.participantId;
  const unclaimed = underClaim === busy ? idle : busy;
  await ds.transaction((em) =>
    queue.enqueue(em, [
      { participantId: underClaim, role: 'provider', causeEventId: 'e1' },
      { participantId: unclaimed, role: 'provider', causeEventId: 'e2' },
    ]),
  );
  const state = async (p: string) =>
    (
      await h.sql<{ waited_s: number; quiet_s: number; generation: string }>(
        `SELECT extract(epoch FROM now() - queued_at)::float8 AS waited_s,
                extract(epoch FROM now() - last_queued_at)::float8 AS quiet_s, generation::text
         FROM trust.rescore_queue WHERE participant_id = $1`,
        [p],
      )
    )[0];
  const a = await state(underClaim);
  expect(a.quiet_s).toBeLessThan(5);
  expect(a.waited_s).toBeLessThan(5);
  expect(a.generation).toBe('1');
  const b = await state(unclaimed);
  expect(b.quiet_s).toBeLessThan(5);
  expect(b.waited_s).toBeGreaterThanOrEqual(20);
  // The unclaimed one is now busy, but has waited past the bound: due anyway.
  const next = await queue.claim(10, { quietMs: 5_000, maxWaitMs: 15_000 }, 60);
  expect(next.map((c) => c.participantId)).toEqual([unclaimed]);
  // Completing the first claim keeps the entry that was queued again under it.
  await ds.transaction((em) => queue.complete(em, [claim]));
  expect(await state(underClaim)).toMatchObject({ generation: '1' });
});
