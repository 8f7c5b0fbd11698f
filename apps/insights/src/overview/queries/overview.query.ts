import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface Leader {
  participantId: string;
  name: string | null;
  score: number;
  lowerBound: number;
  uncertainty: number;
  tier: string;
  /** Disputes an operator upheld against this participant (the tier alone does not show them). */
  upheldDisputes: number;
}

/**
 * Over the participants with evidence in the role (uncertainty below 1): a department that only
 * consumes is no provider, and a prior alone says nothing about anyone.
 */
export interface TrustDistribution {
  count: number;
  /**
   * Ranked by the lower bound (little evidence cannot outrank a long record), at most 10.
   */
  leaders: Leader[];
  medianScore: number | null;
  medianLowerBound: number | null;
  medianUncertainty: number | null;
  tiers: Record<string, number>;
}

export interface Overview {
  asOf: string;
  participants: { total: number; byKind: Record<string, number>; suspended: number };
  datasets: { total: number; byStatus: Record<string, number> };
  agreements: { total: number; active: number; byState: Record<string, number> };
  deliveries: {
    fulfilled: number;
    onTime: number;
    late: number;
    missed: number;
    /** On time ÷ (fulfilled + missed); null before the first due delivery. */
    onTimeRate: number | null;
  };
  quality: {
    deliveries: number;
    rejected: number;
    /** Mean of each measure over completed deliveries (measures that did not apply are left out). */
    meanByMeasure: Record<string, number>;
  };
  disputes: { open: number; resolved: number; upheld: number };
  trust: { provider: TrustDistribution; consumer: TrustDistribution };
  commitment: { count: number; median: number | null };
  /** Groups D–F: totals of what the parties reported (self-reported, never measured here). */
  impact: {
    selfReported: true;
    reports: number;
    costAvoidedKzt: number;
    revenueKzt: number;
    staffHoursSaved: number;
    derivedProducts: number;
    decisionsSupported: number;
    citizenServiceUsers: number;
  };
}

/** The ecosystem now, from the read models (`GET /insights/overview`). */
@Injectable()
export class OverviewQuery {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async execute(): Promise<Overview> {
    // One statement, so every figure on the page is read from the same snapshot: the totals and
    // their breakdowns cannot disagree because an event was applied between two queries.
    const [row] = await this.dataSource.query<
      Array<{
        participants: Record<string, number> | null;
        suspended: number;
        datasets: Record<string, number> | null;
        agreements: Record<string, number> | null;
        fulfilled: number;
        on_time: number;
        missed: number;
        completed: number;
        rejected: number;
        measures: Record<string, number> | null;
        disputes_open: number;
        disputes_resolved: number;
        disputes_upheld: number;
        trust: Record<'provider' | 'consumer', TrustDistribution> | null;
        commitment: { count: number; median: number | null };
        impact: Omit<Overview['impact'], 'selfReported'>;
      }>
    >(
      `SELECT
         (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM insights.participants GROUP BY kind) x) AS participants,
         (SELECT count(*)::int FROM insights.participants WHERE status = 'suspended') AS suspended,
         (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM insights.datasets GROUP BY status) x) AS datasets,
         (SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*)::int AS n FROM insights.agreements GROUP BY state) x) AS agreements,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'consent.obligation.delivery-fulfilled') AS fulfilled,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'consent.obligation.delivery-fulfilled' AND (data->>'onTime')::boolean) AS on_time,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'consent.obligation.delivery-missed') AS missed,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'integration.delivery.completed') AS completed,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'integration.delivery.rejected') AS rejected,
         (SELECT jsonb_object_agg(key, avg) FROM (
            SELECT m.key, avg((m.value)::text::float8) AS avg
            FROM insights.facts f, jsonb_each(f.data->'quality') m
            WHERE f.type = 'integration.delivery.completed' AND jsonb_typeof(m.value) = 'number'
            GROUP BY m.key) x) AS measures,
         -- Open = opened and no resolution seen yet: facts are the events, with no status to update.
         (SELECT count(*)::int FROM insights.facts o WHERE o.type = 'consent.governance.dispute-opened'
            AND NOT EXISTS (SELECT 1 FROM insights.facts r WHERE r.type = 'consent.governance.dispute-resolved'
                            AND r.data->>'disputeId' = o.data->>'disputeId')) AS disputes_open,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'consent.governance.dispute-resolved') AS disputes_resolved,
         (SELECT count(*)::int FROM insights.facts WHERE type = 'consent.governance.dispute-resolved' AND data->>'outcome' = 'upheld') AS disputes_upheld,
         (SELECT jsonb_object_agg(role, d) FROM (
            SELECT role, jsonb_build_object(
                     'count', count(*),
                     'medianScore', percentile_cont(0.5) WITHIN GROUP (ORDER BY score),
                     'medianLowerBound', percentile_cont(0.5) WITHIN GROUP (ORDER BY lower_bound),
                     'medianUncertainty', percentile_cont(0.5) WITHIN GROUP (ORDER BY uncertainty),
                     'tiers', (SELECT jsonb_object_agg(tier, n) FROM (SELECT tier, count(*)::int AS n FROM insights.trust_scores t2
                                WHERE t2.role = t.role AND t2.uncertainty < 1 GROUP BY tier) y),
                     'leaders', (SELECT coalesce(jsonb_agg(l ORDER BY l."lowerBound" DESC), '[]') FROM (
                                   SELECT t3.participant_id AS "participantId", p.name, t3.score, t3.lower_bound AS "lowerBound",
                                          t3.uncertainty, t3.tier,
                                          (SELECT count(*)::int FROM insights.facts f WHERE f.type = 'consent.governance.dispute-resolved'
                                             AND f.data->>'upheldAgainst' = t3.participant_id::text) AS "upheldDisputes"
                                   FROM insights.trust_scores t3 LEFT JOIN insights.participants p ON p.participant_id = t3.participant_id
                                   WHERE t3.role = t.role AND t3.uncertainty < 1 ORDER BY t3.lower_bound DESC, t3.participant_id LIMIT 10) l)) AS d
            FROM insights.trust_scores t WHERE t.uncertainty < 1 GROUP BY role) x) AS trust,
         (SELECT jsonb_build_object('count', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY index))
            FROM insights.commitment) AS commitment,
         (SELECT jsonb_build_object(
            'reports', count(*),
            'costAvoidedKzt', coalesce(sum((data->>'amountKzt')::float8) FILTER (WHERE data->>'kind' = 'cost-avoided'), 0),
            'revenueKzt', coalesce(sum((data->>'amountKzt')::float8) FILTER (WHERE data->>'kind' = 'revenue'), 0),
            'staffHoursSaved', coalesce(sum((data->>'hours')::float8) FILTER (WHERE data->>'kind' = 'staff-hours-saved'), 0),
            'derivedProducts', coalesce(sum((data->>'count')::int) FILTER (WHERE data->>'kind' = 'derived-product'), 0),
            'decisionsSupported', coalesce(sum((data->>'count')::int) FILTER (WHERE data->>'kind' = 'decision-supported'), 0),
            'citizenServiceUsers', coalesce(sum((data->>'users')::int) FILTER (WHERE data->>'kind' = 'citizen-service'), 0))
          FROM insights.facts WHERE type = 'consent.governance.benefit-reported') AS impact`,
    );
    // jsonb_object_agg over no rows is null, not {}: an empty platform shows zeros, not errors.
    const sum = (o: Record<string, number> | null) =>
      Object.values(o ?? {}).reduce((a, b) => a + b, 0);
    const emptyTrust: TrustDistribution = {
      count: 0,
      leaders: [],
      medianScore: null,
      medianLowerBound: null,
      medianUncertainty: null,
      tiers: {},
    };
    const due = row.fulfilled + row.missed;
    return {
      // The read models trail the events by the consumers' lag; asOf is when this was read.
      asOf: this.clock.now().toISOString(),
      participants: {
        total: sum(row.participants),
        byKind: row.participants ?? {},
        suspended: row.suspended,
      },
      datasets: { total: sum(row.datasets), byStatus: row.datasets ?? {} },
      agreements: {
        total: sum(row.agreements),
        active: row.agreements?.ACTIVE ?? 0,
        byState: row.agreements ?? {},
      },
      deliveries: {
        fulfilled: row.fulfilled,
        onTime: row.on_time,
        late: row.fulfilled - row.on_time,
        missed: row.missed,
        onTimeRate: due > 0 ? row.on_time / due : null,
      },
      quality: {
        deliveries: row.completed,
        rejected: row.rejected,
        meanByMeasure: row.measures ?? {},
      },
      disputes: {
        open: row.disputes_open,
        resolved: row.disputes_resolved,
        upheld: row.disputes_upheld,
      },
      trust: {
        provider: row.trust?.provider ?? emptyTrust,
        consumer: row.trust?.consumer ?? emptyTrust,
      },
      commitment: row.commitment,
      // Labelled at the source of the figure: a dashboard cannot show these as measured values.
      impact: { selfReported: true, ...row.impact },
    };
  }
}
