import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ForecastObservation } from '@dx/research-methods';

/** Days after a month's end before its obligations count as settled (grace periods are days). */
export const SETTLE_DAYS = 7;

/**
 * Every settled obligation with what was known at the end of the month before it fell due: the
 * provider's latest published trust score (and its model version) and the provider's on-time rate
 * over its obligations due that month. Months whose obligations may still be in their grace period
 * are left out, so an unsettled miss cannot pass for a kept promise.
 */
@Injectable()
export class ForecastsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: { now: Date; from?: Date; to?: Date }): Promise<ForecastObservation[]> {
    const rows = await this.dataSource.query<
      Array<{
        provider_id: string;
        month: string;
        on_time: boolean;
        score: number | null;
        model_version: string | null;
        baseline: number | null;
      }>
    >(
      `WITH dues AS (
         SELECT f.provider_id, date_trunc('month', (f.data->>'dueAt')::timestamptz, 'UTC') AS m,
                f.type = 'consent.obligation.delivery-fulfilled' AND coalesce((f.data->>'onTime')::boolean, false) AS on_time
         FROM insights.facts f
         WHERE f.type IN ('consent.obligation.delivery-fulfilled', 'consent.obligation.delivery-missed')
           AND f.provider_id IS NOT NULL
       ), settled AS (
         SELECT * FROM dues WHERE m + interval '1 month' + make_interval(days => ${SETTLE_DAYS}) <= $1::timestamptz
       ), monthly AS (
         SELECT provider_id, m, avg(on_time::int)::float8 AS rate FROM settled GROUP BY provider_id, m
       ), scored AS (
         -- One score lookup per provider and month (not per obligation): the latest published
         -- before the month began.
         SELECT mo.provider_id, mo.m, s.score, s.model_version
         FROM monthly mo
         LEFT JOIN LATERAL (
           SELECT (f.data->>'score')::float8 AS score, f.data->>'modelVersion' AS model_version
           FROM insights.facts f
           WHERE f.type = 'trust.score.updated' AND f.participant_id = mo.provider_id
             AND f.data->>'role' = 'provider' AND f.data->>'scope' = 'global' AND f.occurred_at < mo.m
           ORDER BY f.occurred_at DESC, f.event_id DESC LIMIT 1) s ON true
         WHERE ($2::timestamptz IS NULL OR mo.m >= date_trunc('month', $2::timestamptz, 'UTC'))
           AND ($3::timestamptz IS NULL OR mo.m < $3::timestamptz)
       )
       SELECT d.provider_id::text, to_char(d.m AT TIME ZONE 'UTC', 'YYYY-MM') AS month, d.on_time,
              s.score, s.model_version, b.rate AS baseline
       FROM settled d
       JOIN scored s ON s.provider_id = d.provider_id AND s.m = d.m
       LEFT JOIN monthly b ON b.provider_id = d.provider_id AND b.m = d.m - interval '1 month'
       ORDER BY d.m, d.provider_id`,
      [q.now, q.from ?? null, q.to ?? null],
    );
    return rows.map((r) => ({
      provider: r.provider_id,
      month: r.month,
      score: r.score === null ? null : Number(r.score),
      modelVersion: r.model_version,
      lastMonthOnTimeRate: r.baseline === null ? null : Number(r.baseline),
      onTime: r.on_time ? 1 : 0,
    }));
  }
}
