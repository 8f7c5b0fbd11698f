import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { regulationImpact, type RegulationImpact } from '@dx/research-methods';
import { TimeSeriesQuery } from '../../timeseries/queries/timeseries.query';

/**
 * The indicators the study follows across regulation changes (docs/research.md §4): punctuality,
 * new agreements, deliveries, disputes and the providers' trust median.
 */
export const IMPACT_INDICATORS = [
  'deliveries.onTimeRate',
  'agreements.activated',
  'deliveries.fulfilled',
  'disputes.opened',
  'trust.provider.median',
] as const;
export type ImpactIndicator = (typeof IMPACT_INDICATORS)[number];

export interface RegulationImpactReport {
  /** Complete calendar months analysed, [from, to). */
  from: string;
  to: string;
  method: string;
  items: Array<
    {
      regulationId: string;
      reference: string;
      title: string;
      indicator: ImpactIndicator;
    } & RegulationImpact
  >;
}

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

/** Each recorded regulation change against each chosen indicator, by segmented regression. */
@Injectable()
export class RegulationImpactQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly series: TimeSeriesQuery,
  ) {}

  async execute(q: {
    indicators: readonly ImpactIndicator[];
    regulationId?: string;
    from?: Date;
    to?: Date;
    now: Date;
  }): Promise<RegulationImpactReport> {
    // Only whole months: the current one is not over, and the month of the first record is
    // usually partial (a platform starts mid-month).
    const [first] = await this.dataSource.query<Array<{ at: Date | null }>>(
      `SELECT min(occurred_at) AS at FROM insights.facts`,
    );
    const to = monthStart(q.to ?? q.now);
    const firstFull = first.at
      ? new Date(Date.UTC(first.at.getUTCFullYear(), first.at.getUTCMonth() + 1, 1))
      : to;
    const from = q.from ? monthStart(q.from) : firstFull;
    if (from >= to)
      throw new AppError('invalid', 'INSIGHTS.BAD_RANGE', 'the range holds no complete month', [
        { path: 'from', message: 'must be at least one whole month before to' },
      ]);
    const regulations = await this.dataSource.query<
      Array<{ id: string; reference: string; title: string; effective_at: Date }>
    >(
      `SELECT data->>'regulationId' AS id, data->>'reference' AS reference, data->>'title' AS title,
              coalesce((data->>'effectiveAt')::timestamptz, occurred_at) AS effective_at
       FROM insights.facts WHERE type = 'consent.governance.regulation-changed'
         AND ($1::text IS NULL OR data->>'regulationId' = $1)
       ORDER BY effective_at, id`,
      [q.regulationId ?? null],
    );
    if (q.regulationId && regulations.length === 0)
      throw new AppError('not_found', 'INSIGHTS.REGULATION_NOT_FOUND', 'no such regulation change');
    const items: RegulationImpactReport['items'] = [];
    for (const indicator of q.indicators) {
      // The last point's interval starts the month before `to`: `to` itself is excluded.
      const s = await this.series.execute({
        metric: indicator,
        from,
        to: new Date(to.getTime() - 1),
        interval: 'month',
      });
      const monthly = s.points.map((p) => ({ month: p.at.slice(0, 7), value: p.value }));
      for (const r of regulations)
        items.push({
          regulationId: r.id,
          reference: r.reference,
          title: r.title,
          indicator,
          ...regulationImpact(monthly, new Date(r.effective_at).toISOString()),
        });
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      method:
        'segmented regression on complete calendar months (Wagner et al. 2002); Newey–West standard errors, t intervals; at least 12 months on each side (docs/research.md §4)',
      items,
    };
  }
}
