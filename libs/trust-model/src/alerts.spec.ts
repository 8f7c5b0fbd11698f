import { alertsFor, signFlips, type PastScore } from './alerts';
import { PLATFORM_MODEL } from './model-config';

const DAY = 86_400_000;
const t0 = new Date('2026-06-01T00:00:00Z').getTime();
const past = (day: number, score: number, reliability = score, caps: string[] = []): PastScore => ({
  at: new Date(t0 + day * DAY),
  score,
  capEventIds: caps,
  dimensions: { reliability },
});

it('counts sign flips of successive changes', () => {
  expect(signFlips([0.5, 0.6, 0.7, 0.6, 0.7, 0.6])).toBe(3);
  expect(signFlips([0.5, 0.5, 0.6, 0.6, 0.7])).toBe(0);
});

it('raises a sharp drop once, when the fall from the 30-day peak first reaches 0.10', () => {
  const history = [past(0, 0.82), past(5, 0.8)];
  const first = alertsFor(
    history,
    { ...past(10, 0.7), at: new Date(t0 + 10 * DAY) },
    PLATFORM_MODEL,
  );
  expect(first).toEqual([
    expect.objectContaining({ kind: 'sharp_drop', previousScore: 0.82, score: 0.7 }),
  ]);
  const again = alertsFor(
    [...history, past(10, 0.7)],
    { ...past(11, 0.68), at: new Date(t0 + 11 * DAY) },
    PLATFORM_MODEL,
  );
  expect(again).toEqual([]);
  // A peak older than 30 days does not count.
  expect(
    alertsFor(
      [past(0, 0.9), past(40, 0.72)],
      { ...past(45, 0.71), at: new Date(t0 + 45 * DAY) },
      PLATFORM_MODEL,
    ),
  ).toEqual([]);
});

it('raises a cap alert for a cap that was not there before', () => {
  const a = alertsFor(
    [past(0, 0.8)],
    { ...past(1, 0.4, 0.8, ['e1']), at: new Date(t0 + DAY) },
    PLATFORM_MODEL,
  );
  expect(a.map((x) => x.kind).sort()).toEqual(['cap_applied', 'sharp_drop']);
  expect(
    alertsFor(
      [past(1, 0.4, 0.8, ['e1'])],
      { ...past(2, 0.4, 0.8, ['e1']), at: new Date(t0 + 2 * DAY) },
      PLATFORM_MODEL,
    ),
  ).toEqual([]);
});

it('raises an oscillation alert when a dimension changes direction more than twice in 90 days', () => {
  const onOff = [past(0, 0.7, 0.6), past(10, 0.7, 0.7), past(20, 0.7, 0.6), past(30, 0.7, 0.7)];
  const a = alertsFor(
    onOff,
    { ...past(40, 0.7, 0.62), at: new Date(t0 + 40 * DAY) },
    PLATFORM_MODEL,
  );
  expect(a).toEqual([
    expect.objectContaining({ kind: 'oscillation', dimension: 'reliability', flips: 3 }),
  ]);
});
