import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DAY_MS } from '@dx/trust-model';
import { CommitmentStore } from '../domain/commitment-store';

/** The commitment index's inputs from the replicas, and `trust.commitment_published`. */
@Injectable()
export class PgCommitmentStore extends CommitmentStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async inputs(em: EntityManager, participantId: string, at: Date) {
    const [known] = await em.query<Array<{ n: number }>>(
      `SELECT (SELECT count(*) FROM trust.trust_profiles WHERE participant_id = $1)
            + (SELECT count(*) FROM trust.agreement_parties WHERE provider_id = $1 OR consumer_id = $1) AS n`,
      [participantId],
    );
    if (Number(known.n) === 0) return null;
    const [row] = await em.query<
      Array<{
        first_active: Date | null;
        renewed: number;
        expired: number;
        exits: number;
        unilateral: number;
        uses: number;
        standards: string[] | null;
      }>
    >(
      `SELECT
         (SELECT min(activated_at) FROM trust.agreement_parties WHERE provider_id = $1 OR consumer_id = $1) AS first_active,
         (SELECT count(*)::int FROM trust.agreement_transitions WHERE (provider_id = $1 OR consumer_id = $1)
            AND type = 'consent.agreement.renewed' AND occurred_at >= $2) AS renewed,
         (SELECT count(*)::int FROM trust.agreement_transitions WHERE (provider_id = $1 OR consumer_id = $1)
            AND type = 'consent.agreement.expired' AND occurred_at >= $2) AS expired,
         (SELECT count(*)::int FROM trust.agreement_transitions WHERE (provider_id = $1 OR consumer_id = $1)
            AND type IN ('consent.agreement.terminated', 'consent.agreement.expired')) AS exits,
         (SELECT count(*)::int FROM trust.agreement_transitions t WHERE t.notice_respected = false
            AND ((t.notice_given_by = 'provider' AND t.provider_id = $1) OR (t.notice_given_by = 'consumer' AND t.consumer_id = $1))
            AND t.type = 'consent.agreement.notice-given') AS unilateral,
         (SELECT count(*)::int FROM trust.data_uses WHERE (provider_id = $1 OR consumer_id = $1) AND occurred_at >= $3) AS uses,
         (SELECT adopted_standards FROM trust.participants WHERE participant_id = $1) AS standards`,
      // Windows of §9: renewals and expiries over 24 months, uses over the last 30 days.
      [participantId, new Date(at.getTime() - 730 * DAY_MS), new Date(at.getTime() - 30 * DAY_MS)],
    );
    return {
      monthsActive: row.first_active
        ? Math.max(0, (at.getTime() - new Date(row.first_active).getTime()) / (30.4375 * DAY_MS))
        : 0,
      renewed: row.renewed,
      expiredWithoutRenewal: row.expired,
      exits: row.exits,
      unilateralWithdrawals: row.unilateral,
      usesLastMonth: row.uses,
      standards: row.standards ?? [],
    };
  }

  async markPublished(
    em: EntityManager,
    participantId: string,
    index: number,
    fingerprint: string,
    at: Date,
  ): Promise<boolean> {
    const changed = await em.query<Array<{ participant_id: string }>>(
      `INSERT INTO trust.commitment_published (participant_id, index, fingerprint, computed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (participant_id) DO UPDATE SET index = EXCLUDED.index, fingerprint = EXCLUDED.fingerprint, computed_at = EXCLUDED.computed_at
       WHERE trust.commitment_published.fingerprint <> EXCLUDED.fingerprint
       RETURNING participant_id`,
      [participantId, index, fingerprint, at],
    );
    return changed.length > 0;
  }

  async participants(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT DISTINCT participant_id::text AS id FROM trust.trust_profiles`,
    );
    return rows.map((r) => r.id);
  }
}
