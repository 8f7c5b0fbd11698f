import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Side {
  participantId: string;
  name: string | null;
  trust: { score: number; lowerBound: number; uncertainty: number; tier: string } | null;
  commitment: number | null;
}

export interface Relationship {
  agreementId: string;
  datasetId: string;
  datasetTitle: string | null;
  state: string;
  purpose: string | null;
  activatedAt: string | null;
  provider: Side;
  consumer: Side;
  deliveries: {
    due: number;
    onTime: number;
    late: number;
    missed: number;
    onTimeRate: number | null;
  };
  /** Mean over the quality measures of the dataset's completed deliveries. */
  quality: number | null;
  disputes: { opened: number; resolved: number; upheld: number };
  /** KMV outcome indicators (docs/impact-indicators.md §1), each with how it was obtained. */
  outcomes: {
    /** Counter-offers accepted ÷ counter-offers answered in the negotiation (null without any). */
    acquiescence: number | null;
    /** 1 when the parties also share data the other way (a reciprocal agreement), else 0. */
    cooperation: number;
    /** 1 once notice was given or the agreement ended, else 0. */
    propensityToLeave: number;
    /** Disputes resolved without being upheld ÷ disputes resolved (amicable resolution; null without any). */
    functionalConflict: number | null;
    /** The provider's trust uncertainty u as the consumer faces it (1 without a score). */
    decisionUncertainty: number;
  };
}

/** Per agreement: both sides' trust and commitment, operations, quality, disputes, KMV outcomes. */
@Injectable()
export class RelationshipsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(limit = 200): Promise<{ items: Relationship[] }> {
    // One statement for the whole table: the dashboard shows every relationship at once, and a
    // query per agreement would be hundreds of round trips. Everything is read from insights' own
    // replicas and its log of facts (the events), never from another service's schema.
    const rows = await this.dataSource.query<
      Array<{
        agreement_id: string;
        dataset_id: string;
        dataset_title: string | null;
        state: string;
        purpose: string | null;
        activated_at: Date | null;
        provider_id: string;
        provider_name: string | null;
        consumer_id: string;
        consumer_name: string | null;
        p_trust: Side['trust'];
        c_trust: Side['trust'];
        p_ci: number | null;
        c_ci: number | null;
        fulfilled: number;
        on_time: number;
        missed: number;
        quality: number | null;
        opened: number;
        resolved: number;
        upheld: number;
        offers: number;
        offers_accepted: number;
        offers_rejected: number;
        reciprocal: boolean;
        leaving: boolean;
      }>
    >(
      `SELECT a.agreement_id::text, a.dataset_id::text, d.title AS dataset_title, a.state, a.purpose, a.activated_at,
              a.provider_id::text, pp.name AS provider_name, a.consumer_id::text, cp.name AS consumer_name,
              (SELECT jsonb_build_object('score', score, 'lowerBound', lower_bound, 'uncertainty', uncertainty, 'tier', tier)
                 FROM insights.trust_scores WHERE participant_id = a.provider_id AND role = 'provider') AS p_trust,
              (SELECT jsonb_build_object('score', score, 'lowerBound', lower_bound, 'uncertainty', uncertainty, 'tier', tier)
                 FROM insights.trust_scores WHERE participant_id = a.consumer_id AND role = 'consumer') AS c_trust,
              (SELECT index FROM insights.commitment WHERE participant_id = a.provider_id) AS p_ci,
              (SELECT index FROM insights.commitment WHERE participant_id = a.consumer_id) AS c_ci,
              o.fulfilled, o.on_time, o.missed,
              -- Quality is the dataset's: a delivery is made once per dataset and serves every
              -- agreement on it. Only numeric measures count (a measure that does not apply is null).
              (SELECT avg(m.value::text::float8) FROM insights.facts f, jsonb_each(f.data->'quality') m
                WHERE f.type = 'integration.delivery.completed' AND f.dataset_id = a.dataset_id
                  AND jsonb_typeof(m.value) = 'number') AS quality,
              g.opened, g.resolved, g.upheld, n.offers, n.offers_accepted, n.offers_rejected,
              (a.data_reciprocal OR EXISTS (SELECT 1 FROM insights.agreements r WHERE r.provider_id = a.consumer_id
                 AND r.consumer_id = a.provider_id AND r.activated_at IS NOT NULL)) AS reciprocal,
              (a.ended_at IS NOT NULL OR EXISTS (SELECT 1 FROM insights.facts f WHERE f.agreement_id = a.agreement_id
                 AND f.type = 'consent.agreement.notice-given')) AS leaving
       FROM (SELECT x.*, EXISTS (SELECT 1 FROM insights.facts f WHERE f.agreement_id = x.agreement_id
                    AND f.type LIKE 'consent.agreement.%' AND f.data->'terms' ? 'reciprocalAgreementId') AS data_reciprocal
             FROM insights.agreements x) a
       LEFT JOIN insights.datasets d ON d.dataset_id = a.dataset_id
       LEFT JOIN insights.participants pp ON pp.participant_id = a.provider_id
       LEFT JOIN insights.participants cp ON cp.participant_id = a.consumer_id
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.type = 'consent.obligation.delivery-fulfilled')::int AS fulfilled,
                count(*) FILTER (WHERE f.type = 'consent.obligation.delivery-fulfilled' AND (f.data->>'onTime')::boolean)::int AS on_time,
                count(*) FILTER (WHERE f.type = 'consent.obligation.delivery-missed')::int AS missed
         FROM insights.facts f WHERE f.agreement_id = a.agreement_id
           AND f.type IN ('consent.obligation.delivery-fulfilled', 'consent.obligation.delivery-missed')) o
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.type = 'consent.governance.dispute-opened')::int AS opened,
                count(*) FILTER (WHERE f.type = 'consent.governance.dispute-resolved')::int AS resolved,
                count(*) FILTER (WHERE f.type = 'consent.governance.dispute-resolved' AND f.data->>'outcome' = 'upheld')::int AS upheld
         FROM insights.facts f WHERE f.agreement_id = a.agreement_id AND f.type LIKE 'consent.governance.dispute-%') g
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE f.type = 'consent.agreement.offered')::int AS offers,
                count(*) FILTER (WHERE f.type = 'consent.agreement.accepted')::int AS offers_accepted,
                count(*) FILTER (WHERE f.type = 'consent.agreement.rejected')::int AS offers_rejected
         FROM insights.facts f WHERE f.agreement_id = a.agreement_id
           AND f.type IN ('consent.agreement.offered', 'consent.agreement.accepted', 'consent.agreement.rejected')) n
       ORDER BY a.activated_at DESC NULLS LAST, a.agreement_id
       LIMIT $1`,
      [limit],
    );
    return {
      items: rows.map((r) => {
        // Due means judged: fulfilled or missed. An obligation still in its grace period is not
        // yet either and would only dilute the rate.
        const due = r.fulfilled + r.missed;
        const answered = r.offers > 0 ? r.offers_accepted + r.offers_rejected : 0;
        return {
          agreementId: r.agreement_id,
          datasetId: r.dataset_id,
          datasetTitle: r.dataset_title,
          state: r.state,
          purpose: r.purpose,
          activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
          provider: {
            participantId: r.provider_id,
            name: r.provider_name,
            trust: r.p_trust,
            commitment: r.p_ci,
          },
          consumer: {
            participantId: r.consumer_id,
            name: r.consumer_name,
            trust: r.c_trust,
            commitment: r.c_ci,
          },
          deliveries: {
            due,
            onTime: r.on_time,
            late: r.fulfilled - r.on_time,
            missed: r.missed,
            onTimeRate: due > 0 ? r.on_time / due : null,
          },
          quality: r.quality === null ? null : Number(r.quality),
          disputes: { opened: r.opened, resolved: r.resolved, upheld: r.upheld },
          outcomes: {
            acquiescence: answered > 0 ? r.offers_accepted / answered : null,
            // Either a reciprocal link named in the terms, or data flowing the other way between
            // the same two participants under an agreement that came into force.
            cooperation: r.reciprocal ? 1 : 0,
            // Notice given counts while the agreement still runs: the outcome is the intent to
            // leave, not only the exit.
            propensityToLeave: r.leaving ? 1 : 0,
            functionalConflict: r.resolved > 0 ? (r.resolved - r.upheld) / r.resolved : null,
            // No score yet: the consumer knows nothing about the provider, the most uncertain case.
            decisionUncertainty: r.p_trust?.uncertainty ?? 1,
          },
        };
      }),
    };
  }
}
