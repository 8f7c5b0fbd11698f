import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pseudonymise } from '../domain/pseudonyms';

/** One relationship-month of the research panel (docs/research.md §2; columns in PANEL_COLUMNS). */
export interface PanelRow {
  relationship: string;
  month: string;
  provider: string;
  consumer: string;
  dataset: string;
  terminationCosts: number;
  benefits: number;
  sharedValues: number;
  communication: number;
  opportunism: number;
  trust: number | null;
  trustInConsumer: number | null;
  commitment: number | null;
  commitmentProvider: number | null;
  acquiescence: number | null;
  propensityToLeave: number;
  cooperation: number;
  functionalConflict: number;
  uncertainty: number;
  deliveriesDue: number;
  onTimeRate: number | null;
  regulationsInForce: number;
  exitSurveyWouldWorkAgain: number | null;
}

const LATEST_SCORE = (who: string, role: string, field: string) =>
  `(SELECT (f.data->>'${field}')::float8 FROM insights.facts f
     WHERE f.type = 'trust.score.updated' AND f.participant_id = ${who}
       AND f.data->>'role' = '${role}' AND f.data->>'scope' = 'global' AND f.occurred_at < m.next
     ORDER BY f.occurred_at DESC LIMIT 1)`;
const LATEST_COMMITMENT = (who: string) =>
  `(SELECT (f.data->>'index')::float8 FROM insights.facts f
     WHERE f.type = 'trust.commitment.updated' AND f.participant_id = ${who} AND f.occurred_at < m.next
     ORDER BY f.occurred_at DESC LIMIT 1)`;
/** The standards a participant holds at the month's end: its latest adoption or revocation says. */
const STANDARDS = (who: string) =>
  `(SELECT f.data->'adoptedStandards' FROM insights.facts f
     WHERE f.type IN ('catalog.participant.standard-adopted', 'catalog.participant.standard-revoked')
       AND f.participant_id = ${who} AND f.occurred_at < m.next
     ORDER BY f.occurred_at DESC LIMIT 1)`;

/** The panel, one row per relationship and month, computed from insights' facts in one statement. */
@Injectable()
export class PanelQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** `pseudonymise` null: ids and names, as an operator may ask. */
  async execute(q: { now: Date; pseudonymise: Pseudonymise | null }): Promise<PanelRow[]> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `WITH m AS (
         SELECT a.agreement_id, a.provider_id, a.consumer_id, a.dataset_id, a.ended_at, mo AS at,
                mo + interval '1 month' AS next
         FROM insights.agreements a
         CROSS JOIN LATERAL generate_series(
           date_trunc('month', a.activated_at, 'UTC'),
           least(coalesce(a.ended_at, $1::timestamptz), $1::timestamptz),
           interval '1 month') AS mo
         WHERE a.activated_at IS NOT NULL
       )
       SELECT m.agreement_id::text, m.provider_id::text, m.consumer_id::text, m.dataset_id::text,
              to_char(m.at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
              pp.name AS provider_name, cp.name AS consumer_name, d.title AS dataset_title,
              (SELECT coalesce(sum((f.data->>'count')::float8), 0) FROM insights.facts f
                WHERE f.agreement_id = m.agreement_id AND f.type = 'consent.governance.benefit-reported'
                  AND f.data->>'kind' = 'derived-product' AND f.occurred_at < m.next)
              + (SELECT count(DISTINCT f.data->>'viewId') FROM insights.facts f
                  WHERE f.type = 'integration.view.refreshed' AND f.occurred_at < m.next
                    AND m.dataset_id::text IN (f.data->>'leftDatasetId', f.data->>'rightDatasetId')) AS termination_costs,
              (SELECT count(*) FROM insights.facts f WHERE f.agreement_id = m.agreement_id
                 AND f.type = 'consent.governance.benefit-reported' AND f.occurred_at < m.next)::int AS benefits,
              (SELECT count(*) FROM jsonb_array_elements_text(coalesce(${STANDARDS('m.provider_id')}, '[]')) p(s)
                WHERE p.s IN (SELECT jsonb_array_elements_text(coalesce(${STANDARDS('m.consumer_id')}, '[]'))))::int AS shared_values,
              c.announced, c.unannounced, c.unannounced_in_month,
              (SELECT count(*) FROM insights.facts f WHERE f.agreement_id = m.agreement_id
                 AND f.type = 'consent.obligation.delivery-missed'
                 AND (f.data->>'dueAt')::timestamptz >= m.at AND (f.data->>'dueAt')::timestamptz < m.next)::int AS missed,
              (SELECT count(*) FROM insights.facts f WHERE f.agreement_id = m.agreement_id
                 AND f.type = 'consent.obligation.delivery-fulfilled'
                 AND (f.data->>'dueAt')::timestamptz >= m.at AND (f.data->>'dueAt')::timestamptz < m.next)::int AS fulfilled,
              (SELECT count(*) FROM insights.facts f WHERE f.agreement_id = m.agreement_id
                 AND f.type = 'consent.obligation.delivery-fulfilled' AND (f.data->>'onTime')::boolean
                 AND (f.data->>'dueAt')::timestamptz >= m.at AND (f.data->>'dueAt')::timestamptz < m.next)::int AS on_time,
              g.upheld_in_month, g.amicable,
              ${LATEST_SCORE('m.provider_id', 'provider', 'score')} AS trust,
              ${LATEST_SCORE('m.provider_id', 'provider', 'uncertainty')} AS provider_uncertainty,
              ${LATEST_SCORE('m.consumer_id', 'consumer', 'score')} AS trust_in_consumer,
              ${LATEST_COMMITMENT('m.consumer_id')} AS commitment,
              ${LATEST_COMMITMENT('m.provider_id')} AS commitment_provider,
              n.offers, n.accepted, n.rejected,
              (m.ended_at IS NOT NULL AND m.ended_at < m.next) OR EXISTS (
                SELECT 1 FROM insights.facts f WHERE f.agreement_id = m.agreement_id
                  AND f.type = 'consent.agreement.notice-given' AND f.occurred_at < m.next) AS leaving,
              EXISTS (SELECT 1 FROM insights.agreements r WHERE r.provider_id = m.consumer_id
                  AND r.consumer_id = m.provider_id AND r.activated_at < m.next
                  AND (r.ended_at IS NULL OR r.ended_at >= m.next)) AS reciprocal,
              (SELECT count(*) FROM insights.facts f WHERE f.type = 'consent.governance.regulation-changed'
                 AND coalesce((f.data->>'effectiveAt')::timestamptz, f.occurred_at) < m.next)::int AS regulations,
              (SELECT bool_and((f.data->>'wouldWorkAgain')::boolean) FROM insights.facts f
                WHERE f.agreement_id = m.agreement_id AND f.type = 'consent.governance.exit-survey-completed'
                  AND f.occurred_at >= m.at AND f.occurred_at < m.next) AS would_work_again
       FROM m
       LEFT JOIN insights.participants pp ON pp.participant_id = m.provider_id
       LEFT JOIN insights.participants cp ON cp.participant_id = m.consumer_id
       LEFT JOIN insights.datasets d ON d.dataset_id = m.dataset_id
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.type = 'consent.obligation.change-announced'
                  AND (f.data->>'leadSeconds')::float8 >= 86400 * (f.data->>'requiredNoticeDays')::float8)::int AS announced,
                count(*) FILTER (WHERE f.type = 'consent.obligation.change-unannounced'
                  OR (f.type = 'consent.obligation.change-announced'
                      AND (f.data->>'leadSeconds')::float8 < 86400 * (f.data->>'requiredNoticeDays')::float8))::int AS unannounced,
                count(*) FILTER (WHERE f.type = 'consent.obligation.change-unannounced' AND f.occurred_at >= m.at)::int AS unannounced_in_month
         FROM insights.facts f WHERE f.agreement_id = m.agreement_id AND f.occurred_at < m.next
           AND f.type IN ('consent.obligation.change-announced', 'consent.obligation.change-unannounced')) c
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.data->>'outcome' = 'upheld' AND f.data->>'upheldAgainst' = m.provider_id::text
                  AND f.occurred_at >= m.at)::int AS upheld_in_month,
                count(*) FILTER (WHERE f.data->>'outcome' = 'amicable')::int AS amicable
         FROM insights.facts f WHERE f.agreement_id = m.agreement_id AND f.occurred_at < m.next
           AND f.type = 'consent.governance.dispute-resolved') g
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.type = 'consent.agreement.offered')::int AS offers,
                count(*) FILTER (WHERE f.type = 'consent.agreement.accepted')::int AS accepted,
                count(*) FILTER (WHERE f.type = 'consent.agreement.rejected')::int AS rejected
         FROM insights.facts f WHERE f.agreement_id = m.agreement_id AND f.occurred_at < m.next
           AND f.type IN ('consent.agreement.offered', 'consent.agreement.accepted', 'consent.agreement.rejected')) n
       ORDER BY m.agreement_id, m.at`,
      [q.now],
    );
    const pseudo = q.pseudonymise;
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return rows.map((r) => {
      const due = Number(r.fulfilled) + Number(r.missed);
      const changes = Number(r.announced) + Number(r.unannounced);
      const answered = Number(r.accepted) + Number(r.rejected);
      const id = (kind: 'r' | 'p' | 'd', raw: unknown, name: unknown) =>
        pseudo ? pseudo(kind, String(raw)) : String(name ?? raw);
      return {
        relationship: pseudo ? pseudo('r', String(r.agreement_id)) : String(r.agreement_id),
        month: String(r.month),
        provider: id('p', r.provider_id, r.provider_name),
        consumer: id('p', r.consumer_id, r.consumer_name),
        dataset: id('d', r.dataset_id, r.dataset_title),
        terminationCosts: Number(r.termination_costs),
        benefits: Number(r.benefits),
        sharedValues: Number(r.shared_values),
        communication: changes === 0 ? 1 : Number(r.announced) / changes,
        opportunism: Number(r.missed) + Number(r.unannounced_in_month) + Number(r.upheld_in_month),
        trust: num(r.trust),
        trustInConsumer: num(r.trust_in_consumer),
        commitment: num(r.commitment),
        commitmentProvider: num(r.commitment_provider),
        acquiescence: Number(r.offers) > 0 && answered > 0 ? Number(r.accepted) / answered : null,
        propensityToLeave: r.leaving ? 1 : 0,
        cooperation: r.reciprocal ? 1 : 0,
        functionalConflict: Number(r.amicable),
        uncertainty: num(r.provider_uncertainty) ?? 1,
        deliveriesDue: due,
        onTimeRate: due > 0 ? Number(r.on_time) / due : null,
        regulationsInForce: Number(r.regulations),
        exitSurveyWouldWorkAgain:
          r.would_work_again === null || r.would_work_again === undefined
            ? null
            : r.would_work_again
              ? 1
              : 0,
      };
    });
  }
}
