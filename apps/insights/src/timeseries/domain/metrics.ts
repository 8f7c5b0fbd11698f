import { QUALITY_MEASURES } from '@dx/contracts';

/** Indicators over time (docs/impact-indicators.md §4), by group: what each means and how it is counted. */
export interface MetricDefinition {
  name: string;
  group: 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';
  description: string;
  unit: 'count' | 'ratio' | 'score' | 'KZT' | 'hours';
  /** Figures the parties report themselves (groups D–F), shown labelled as such. */
  selfReported?: true;
}

/** Self-reported benefit metrics: name, group, report kind, the figure summed, unit. */
export const BENEFIT_METRICS = [
  [
    'impact.costAvoidedKzt',
    'D',
    'cost-avoided',
    'amountKzt',
    'KZT',
    'municipal and business costs avoided',
  ],
  [
    'impact.revenueKzt',
    'D',
    'revenue',
    'amountKzt',
    'KZT',
    'revenue from derived products and services',
  ],
  [
    'impact.staffHoursSaved',
    'E',
    'staff-hours-saved',
    'hours',
    'hours',
    'staff hours saved in processes using shared data',
  ],
  [
    'impact.derivedProducts',
    'D',
    'derived-product',
    'count',
    'count',
    'products or services derived from shared data',
  ],
  [
    'impact.decisionsSupported',
    'E',
    'decision-supported',
    'count',
    'count',
    'decisions or cases supported by integrated data',
  ],
  [
    'impact.citizenServiceUsers',
    'F',
    'citizen-service',
    'users',
    'count',
    'residents served by citizen services enabled by shared data',
  ],
] as const;

export const METRICS: readonly MetricDefinition[] = [
  {
    name: 'agreements.activated',
    group: 'A',
    description: 'agreements that came into force in the interval',
    unit: 'count',
  },
  {
    name: 'agreements.active',
    group: 'A',
    description: 'agreements in force at the end of the interval',
    unit: 'count',
  },
  {
    name: 'agreements.ended',
    group: 'A',
    description: 'agreements terminated, expired or withdrawn in the interval',
    unit: 'count',
  },
  {
    name: 'participants.registered',
    group: 'A',
    description: 'participants registered by the end of the interval',
    unit: 'count',
  },
  {
    name: 'trust.provider.median',
    group: 'A',
    description:
      'median provider trust score at the end of the interval (each provider’s latest; providers with evidence)',
    unit: 'score',
  },
  {
    name: 'trust.consumer.median',
    group: 'A',
    description:
      'median consumer trust score at the end of the interval (each consumer’s latest; consumers with evidence)',
    unit: 'score',
  },
  {
    name: 'commitment.median',
    group: 'A',
    description: 'median commitment index at the end of the interval (each participant’s latest)',
    unit: 'score',
  },
  {
    name: 'disputes.opened',
    group: 'A',
    description: 'disputes opened in the interval',
    unit: 'count',
  },
  {
    name: 'deliveries.fulfilled',
    group: 'B',
    description: 'scheduled deliveries received in the interval (by due time)',
    unit: 'count',
  },
  {
    name: 'deliveries.missed',
    group: 'B',
    description: 'scheduled deliveries missed in the interval (by due time)',
    unit: 'count',
  },
  {
    name: 'deliveries.onTimeRate',
    group: 'B',
    description: 'on-time deliveries ÷ deliveries due in the interval (null when none were due)',
    unit: 'ratio',
  },
  {
    name: 'changes.unannounced',
    group: 'B',
    description: 'schema changes detected without the agreed notice in the interval',
    unit: 'count',
  },
  ...QUALITY_MEASURES.map((m): MetricDefinition => ({
    name: `quality.${m}`,
    group: 'C',
    description: `mean ${m} of deliveries completed in the interval (deliveries where it applies)`,
    unit: 'ratio',
  })),
  {
    name: 'deliveries.rejected',
    group: 'C',
    description: 'deliveries rejected (nothing stored) in the interval',
    unit: 'count',
  },
  ...BENEFIT_METRICS.map(([name, group, , , unit, what]): MetricDefinition => ({
    name,
    group,
    description: `${what}, reported for periods ending in the interval (self-reported)`,
    unit,
    selfReported: true,
  })),
  {
    name: 'access.records',
    group: 'G',
    description: 'records read under agreements in the interval',
    unit: 'count',
  },
  {
    name: 'access.denied',
    group: 'G',
    description: 'reads refused (no agreement in force, purpose, fields) in the interval',
    unit: 'count',
  },
  {
    name: 'regulation.changes',
    group: 'G',
    description: 'regulation changes recorded in the interval',
    unit: 'count',
  },
];

export const METRIC_NAMES = METRICS.map((m) => m.name);

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Longest series served at once. */
export const MAX_POINTS = 1000;

const STEP_MS: Record<Interval, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 31 * 86_400_000,
};

/** About how many points a range has at an interval (months counted long, so never under). */
export function pointsIn(from: Date, to: Date, interval: Interval): number {
  return Math.ceil((to.getTime() - from.getTime()) / STEP_MS[interval]) + 1;
}
