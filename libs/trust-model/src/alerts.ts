import type { TrustAlertRaisedV1 } from '@dx/contracts';
import { DAY_MS } from './decay';
import type { ModelConfig } from './model-config';

/** A past score of the same participant and role (from its snapshots). */
export interface PastScore {
  at: Date;
  score: number;
  capEventIds: string[];
  dimensions: Record<string, number>;
}

export type Alert = Omit<
  TrustAlertRaisedV1,
  'participantId' | 'role' | 'modelVersion' | 'raisedAt'
>;

/** Sign flips of the successive changes of a series (zero changes skipped). */
export function signFlips(series: number[]): number {
  let flips = 0;
  let last = 0;
  for (let i = 1; i < series.length; i++) {
    const sign = Math.sign(series[i] - series[i - 1]);
    if (sign === 0) continue;
    if (last !== 0 && sign !== last) flips += 1;
    last = sign;
  }
  return flips;
}

const SHARP_DROP_WINDOW_DAYS = 30;

/**
 * The alerts a new score raises against the recent ones (docs/trust-model.md §8): the integrity cap
 * newly in force; a fall of at least `sharpDrop` from the highest score of the last 30 days (once,
 * when it first crosses); a dimension whose P changed direction more than `oscillationFlips` times
 * within `oscillationWindowDays` (once, when it first crosses).
 */
export function alertsFor(
  past: PastScore[],
  current: Omit<PastScore, 'at'> & { at: Date },
  config: ModelConfig,
): Alert[] {
  const alerts: Alert[] = [];
  const previous = past.at(-1);
  const newCaps = current.capEventIds.filter((id) => !(previous?.capEventIds ?? []).includes(id));
  for (const id of newCaps)
    alerts.push({
      kind: 'cap_applied',
      message: `Integrity cap: a confirmed violation limits the score to ${config.integrityCap.score.toFixed(2)} for ${config.integrityCap.windowDays} days.`,
      score: current.score,
      causeEventId: id,
      windowDays: config.integrityCap.windowDays,
    });
  const since = current.at.getTime() - SHARP_DROP_WINDOW_DAYS * DAY_MS;
  const recent = past.filter((p) => p.at.getTime() >= since);
  if (recent.length) {
    const peak = Math.max(...recent.map((p) => p.score));
    const wasDropped = previous ? peak - previous.score >= config.alerts.sharpDrop : false;
    if (peak - current.score >= config.alerts.sharpDrop && !wasDropped)
      alerts.push({
        kind: 'sharp_drop',
        message: `Score fell from ${peak.toFixed(2)} to ${current.score.toFixed(2)} within ${SHARP_DROP_WINDOW_DAYS} days.`,
        score: current.score,
        previousScore: peak,
        windowDays: SHARP_DROP_WINDOW_DAYS,
      });
  }
  const window = config.alerts.oscillationWindowDays;
  const inWindow = past.filter((p) => p.at.getTime() >= current.at.getTime() - window * DAY_MS);
  for (const dimension of Object.keys(current.dimensions)) {
    const series = inWindow.map((p) => p.dimensions[dimension]).filter((x) => x !== undefined);
    const before = signFlips(series);
    const now = signFlips([...series, current.dimensions[dimension]]);
    if (now > config.alerts.oscillationFlips && before <= config.alerts.oscillationFlips)
      alerts.push({
        kind: 'oscillation',
        message: `${dimension} changed direction ${now} times within ${window} days (an on-off pattern).`,
        score: current.score,
        dimension,
        flips: now,
        windowDays: window,
      });
  }
  return alerts;
}
