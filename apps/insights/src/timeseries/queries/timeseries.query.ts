import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, QUALITY_MEASURES, type FieldError } from '@dx/contracts';
import {
  BENEFIT_METRICS,
  MAX_POINTS,
  METRICS,
  pointsIn,
  type Interval,
  type MetricDefinition,
} from '../domain/metrics';

export interface TimeSeries {
  metric: string;
  description: string;
  unit: MetricDefinition['unit'];
  /** True for figures the parties report themselves (groups D–F). */
  selfReported: boolean;
  interval: Interval;
  from: string;
  to: string;
  /** One point per interval start (UTC); `value` null where the ratio or mean has no data. */
  points: Array<{ at: string; value: number | null }>;
  /** Regulation changes in the range, for the timeline (docs/impact-indicators.md §4, group G). */
  markers: Array<{ at: string; kind: 'regulation'; title: string; reference: string }>;
}

/** Facts of the given types that happened inside the bucket (when they happened, not when they arrived). */
const count = (types: string[]) =>
  `(SELECT count(*) FROM insights.facts f WHERE f.type IN (${types.map((t) => `'${t}'`).join(', ')})
      AND f.occurred_at >= b.at AND f.occurred_at < b.next)::float8`;
/**
 * Delivery outcomes counted in the bucket of their due date: a delivery missed in March belongs to
 * March even if the missed-delivery pass ran in April, so rates compare like with like.
 */
const byDue = (type: string, extra = 'true') =>
  `(SELECT count(*) FROM insights.facts f WHERE f.type = '${type}' AND ${extra}
      AND (f.data->>'dueAt')::timestamptz >= b.at AND (f.data->>'dueAt')::timestamptz < b.next)`;
/** Over participants with evidence in the role (u < 1): a prior alone says nothing of anyone. */
const trustMedian = (role: string) =>
  `(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score) FROM (
      SELECT DISTINCT ON (f.participant_id) (f.data->>'score')::float8 AS score,
             (f.data->>'uncertainty')::float8 AS uncertainty FROM insights.facts f
      WHERE f.type = 'trust.score.updated' AND f.data->>'role' = '${role}' AND f.data->>'scope' = 'global'
        AND f.occurred_at < b.next ORDER BY f.participant_id, f.occurred_at DESC) s
    WHERE s.uncertainty < 1)`;

/** The SQL value of each metric over one bucket `b(at, next)` (constants only, never input). */
const VALUE: Record<string, string> = {
  'agreements.activated': count(['consent.agreement.activated']),
  'agreements.active': `(SELECT count(*) FROM insights.agreements a
      WHERE a.activated_at < b.next AND (a.ended_at IS NULL OR a.ended_at >= b.next))::float8`,
  'agreements.ended': count([
    'consent.agreement.terminated',
    'consent.agreement.expired',
    'consent.agreement.withdrawn',
  ]),
  'participants.registered': `(SELECT count(*) FROM insights.participants p WHERE p.registered_at < b.next)::float8`,
  'trust.provider.median': trustMedian('provider'),
  'trust.consumer.median': trustMedian('consumer'),
  'commitment.median': `(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s.index) FROM (
      SELECT DISTINCT ON (f.participant_id) (f.data->>'index')::float8 AS index FROM insights.facts f
      WHERE f.type = 'trust.commitment.updated' AND f.occurred_at < b.next
      ORDER BY f.participant_id, f.occurred_at DESC) s)`,
  'disputes.opened': count(['consent.governance.dispute-opened']),
  'deliveries.fulfilled': `${byDue('consent.obligation.delivery-fulfilled')}::float8`,
  'deliveries.missed': `${byDue('consent.obligation.delivery-missed')}::float8`,
  'deliveries.onTimeRate': `(${byDue('consent.obligation.delivery-fulfilled', `(f.data->>'onTime')::boolean`)}::float8
      / nullif(${byDue('consent.obligation.delivery-fulfilled')} + ${byDue('consent.obligation.delivery-missed')}, 0))`,
  'changes.unannounced': count(['consent.obligation.change-unannounced']),
  'deliveries.rejected': count(['integration.delivery.rejected']),
  'access.records': `(SELECT coalesce(sum((f.data->>'rows')::bigint), 0) FROM insights.facts f
      WHERE f.type = 'integration.access.records-accessed' AND f.occurred_at >= b.at AND f.occurred_at < b.next)::float8`,
  'access.denied': count(['integration.access.access-denied']),
  'regulation.changes': count(['consent.governance.regulation-changed']),
  ...Object.fromEntries(
    BENEFIT_METRICS.map(([name, , kind, figure]) => [
      name,
      `(SELECT coalesce(sum((f.data->>'${figure}')::float8), 0) FROM insights.facts f
          WHERE f.type = 'consent.governance.benefit-reported' AND f.data->>'kind' = '${kind}'
            AND (f.data->>'periodTo')::timestamptz >= b.at AND (f.data->>'periodTo')::timestamptz < b.next)`,
    ]),
  ),
  ...Object.fromEntries(
    QUALITY_MEASURES.map((m) => [
      `quality.${m}`,
      `(SELECT avg((f.data->'quality'->>'${m}')::float8) FROM insights.facts f
            WHERE f.type = 'integration.delivery.completed' AND f.data->'quality'->>'${m}' IS NOT NULL
              AND f.occurred_at >= b.at AND f.occurred_at < b.next)`,
    ]),
  ),
};

/** Any indicator over time (`GET /insights/timeseries`, docs/impact-indicators.md §4). */
@Injectable()
export class TimeSeriesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: {
    metric: string;
    from: Date;
    to: Date;
    interval: Interval;
  }): Promise<TimeSeries> {
    // The metric name was checked against METRICS by the request's validation.
    const def = METRICS.find((m) => m.name === q.metric)!;
    const fields: FieldError[] = [];
    if (q.from >= q.to) fields.push({ path: 'from', message: 'must be before to' });
    else if (pointsIn(q.from, q.to, q.interval) > MAX_POINTS)
      fields.push({
        path: 'interval',
        message: `the range has more than ${MAX_POINTS} ${q.interval}s; choose a longer interval or a shorter range`,
      });
    if (fields.length)
      throw new AppError(
        'invalid',
        'INSIGHTS.BAD_RANGE',
        'the requested range cannot be served',
        fields,
      );
    // One statement: a bucket per interval (aligned in UTC) and each bucket's value as a
    // correlated subquery; bounded by MAX_POINTS, so the work is too.
    const rows = await this.dataSource.query<Array<{ at: Date; value: number | null }>>(
      `WITH b AS (
         SELECT at, at + ('1 ' || $3)::interval AS next
         FROM generate_series(date_trunc($3, $1::timestamptz, 'UTC'), $2::timestamptz, ('1 ' || $3)::interval) AS at
       )
       SELECT b.at, ${VALUE[def.name]} AS value FROM b ORDER BY b.at`,
      [q.from, q.to, q.interval],
    );
    // A regulation is marked when it took effect; one recorded without that date, when recorded.
    const markers = await this.dataSource.query<
      Array<{ at: Date; title: string; reference: string }>
    >(
      `SELECT coalesce((data->>'effectiveAt')::timestamptz, occurred_at) AS at, data->>'title' AS title, data->>'reference' AS reference
       FROM insights.facts WHERE type = 'consent.governance.regulation-changed'
         AND coalesce((data->>'effectiveAt')::timestamptz, occurred_at) BETWEEN $1 AND $2 ORDER BY 1`,
      [q.from, q.to],
    );
    return {
      metric: def.name,
      description: def.description,
      unit: def.unit,
      selfReported: def.selfReported ?? false,
      interval: q.interval,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      points: rows.map((r) => ({
        at: new Date(r.at).toISOString(),
        value: r.value === null ? null : Number(r.value),
      })),
      markers: markers.map((m) => ({
        at: new Date(m.at).toISOString(),
        kind: 'regulation',
        title: m.title,
        reference: m.reference,
      })),
    };
  }
}
