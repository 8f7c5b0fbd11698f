import type { Evidence } from './evidence';
import { evidenceOf } from './evidence';
import { DAY_MS } from './decay';
import type { Dimension } from './model-config';

/**
 * The worked example of docs/trust-model.md §13 as evidence rows: a provider over 26 weeks, ages in
 * days before `asOf`. The ages the text leaves open are the ones that reproduce its table: weekly
 * deliveries at ages 3, 10, …, 178; monthly integrity credit at ages 15, 45, …, 165; ratings with
 * a day after the deliveries at ages 45 … 94 (ages 44 … 93); the four bad availability days at ages
 * 20, 40, 60 and 90.
 */
export const EXAMPLE_AS_OF = new Date('2025-06-30T00:00:00Z');

let seq = 0;
function row(
  dimension: Dimension,
  ageDays: number,
  v: number,
  w: number,
  eventType: string,
  params: Evidence['params'] = {},
): Evidence {
  seq += 1;
  return {
    eventId: `ex-${String(seq).padStart(3, '0')}`,
    eventType,
    participantId: 'provider-x',
    role: 'provider',
    counterpartyId: 'consumer-y',
    agreementId: 'agreement-1',
    dimension,
    ...evidenceOf(v, w),
    occurredAt: new Date(EXAMPLE_AS_OF.getTime() - ageDays * DAY_MS),
    ruleVersion: 'example',
    reasonKey: eventType,
    params,
  };
}

export function workedExample(): Evidence[] {
  seq = 0;
  const rows: Evidence[] = [];
  const weeks = Array.from({ length: 26 }, (_, k) => 7 * k + 3);
  for (const age of weeks) {
    if (age === 10)
      rows.push({
        ...row('reliability', age, -1, 1, 'consent.obligation.delivery-missed'),
        reasonKey: 'delivery.missed',
        compliantValue: 1,
      });
    else
      rows.push({
        ...row(
          'reliability',
          age,
          age === 59 || age === 122 ? 0.5 : 1,
          1,
          'consent.obligation.delivery-fulfilled',
        ),
        reasonKey: age === 59 || age === 122 ? 'delivery.late' : 'delivery.on-time',
        params: { lateHours: 12, graceHours: 24 },
        compliantValue: 1,
      });
  }
  for (const age of weeks.filter((a) => a !== 10)) {
    const q = age === 45 ? 0.6 : 0.97;
    rows.push(row('quality', age, 2 * q - 1, 1, 'integration.delivery.completed', { q }));
  }
  const announced = { leadDays: 14, noticeDays: 14 };
  rows.push({
    ...row('communication', 31, 1, 1, 'consent.obligation.change-announced', announced),
    reasonKey: 'change.announced',
  });
  rows.push({
    ...row('communication', 150, 1, 1, 'consent.obligation.change-announced', announced),
    reasonKey: 'change.announced',
  });
  rows.push({
    ...row('communication', 80, -1, 2, 'consent.obligation.change-unannounced', { noticeDays: 14 }),
    reasonKey: 'change.unannounced',
  });
  const badDays = new Set([20, 40, 60, 90]);
  for (let age = 0; age < 180; age++)
    rows.push(row('availability', age, badDays.has(age) ? -0.5 : 1, 1, 'availability.daily'));
  for (let k = 0; k < 6; k++)
    rows.push(row('integrity', 30 * k + 15, 1, 1, 'integrity.clean-month'));
  for (let k = 6; k < 14; k++) rows.push(row('fitness', 7 * k + 2, 0.5, 0.5 * 0.8, 'trust.rating'));
  return rows;
}

/** The cap scenario: a confirmed provider violation (w = 10, age 20) added to integrity. */
export function violation(): Evidence {
  return row('integrity', 20, -1, 10, 'consent.governance.dispute-resolved', {
    upheld: true,
  });
}
