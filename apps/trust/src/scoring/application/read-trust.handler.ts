import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type TrustRole } from '@dx/contracts';
import { commitmentIndex, type CommitmentIndex } from '../domain/commitment';
import { sharedValuesIndex } from '../domain/model-config';
import { DAY_MS } from '../domain/decay';
import { explain, type Explanation } from '../domain/explanation';
import { evidenceOfParticipant, pendingAllegations } from './evidence-store';
import { MODEL } from './trust-scorer';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface HistoryPoint {
  computedAt: string;
  score: number;
  lowerBound: number;
  uncertainty: number;
  tier: string;
  modelVersion: string;
  causeEventId: string | null;
}

export interface LeaderboardEntry {
  rank: number;
  participantId: string;
  score: number;
  lowerBound: number;
  uncertainty: number;
  tier: string;
  evidenceTotal: number;
}

/** Reads over the ledger: score history, the leaderboard, the commitment index. */
@Injectable()
export class ReadTrustHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The explanation of a participant's score in one role, built now from the ledger (top events,
   * counterfactuals, trends are not stored with snapshots), as of the last scoring or the latest
   * evidence if later — so with nothing new it is the snapshot's score, and evidence the rescorer
   * has not reached yet is already explained. Null when the participant has no profile.
   */
  async explanation(participantId: string, role: TrustRole): Promise<Explanation | null> {
    const em = this.dataSource.manager;
    const [last] = await em.query<
      Array<{ computed_at: Date; base_rate: number; evidence_at: Date | null }>
    >(
      `SELECT p.computed_at, p.base_rate,
              (SELECT max(as_of) FROM trust.trust_state s WHERE s.participant_id = p.participant_id AND s.role = p.role) AS evidence_at
       FROM trust.trust_profiles p WHERE p.participant_id = $1 AND p.role = $2`,
      [participantId, role],
    );
    if (!last) return null;
    const evidence = await evidenceOfParticipant(em, participantId, role);
    const at = [new Date(last.computed_at), last.evidence_at ? new Date(last.evidence_at) : null];
    return explain(evidence, {
      participantId,
      role,
      baseRate: last.base_rate,
      asOf: new Date(Math.max(...at.map((d) => d?.getTime() ?? 0))),
      config: MODEL,
      pending: await pendingAllegations(em, participantId, role),
    });
  }

  async history(
    participantId: string,
    role: TrustRole,
    from: Date,
    to: Date,
  ): Promise<{ participantId: string; role: TrustRole; points: HistoryPoint[] }> {
    const rows = await this.dataSource.query<
      Array<{
        computed_at: Date;
        score: number;
        lower_bound: number;
        uncertainty: number;
        tier: string;
        model_version: string;
        cause_event_id: string | null;
      }>
    >(
      `SELECT computed_at, score, lower_bound, uncertainty, tier, model_version, cause_event_id FROM trust.snapshots
       WHERE participant_id = $1 AND role = $2 AND computed_at >= $3 AND computed_at <= $4 ORDER BY computed_at LIMIT 5000`,
      [participantId, role, from, to],
    );
    return {
      participantId,
      role,
      points: rows.map((r) => ({
        computedAt: new Date(r.computed_at).toISOString(),
        score: r.score,
        lowerBound: r.lower_bound,
        uncertainty: r.uncertainty,
        tier: r.tier,
        modelVersion: r.model_version,
        causeEventId: r.cause_event_id,
      })),
    };
  }

  /** Ranked by the conservative lower bound, so little evidence cannot outrank a long record (§5). */
  async leaderboard(
    role: TrustRole,
    limit: number,
  ): Promise<{ role: TrustRole; items: LeaderboardEntry[] }> {
    const rows = await this.dataSource.query<
      Array<{
        participant_id: string;
        score: number;
        lower_bound: number;
        uncertainty: number;
        tier: string;
        evidence_total: number;
      }>
    >(
      `SELECT participant_id, score, lower_bound, uncertainty, tier, evidence_total FROM trust.trust_profiles
       WHERE role = $1 ORDER BY lower_bound DESC, evidence_total DESC, participant_id LIMIT $2`,
      [role, limit],
    );
    return {
      role,
      items: rows.map((r, i) => ({
        rank: i + 1,
        participantId: r.participant_id,
        score: r.score,
        lowerBound: r.lower_bound,
        uncertainty: r.uncertainty,
        tier: r.tier,
        evidenceTotal: r.evidence_total,
      })),
    };
  }

  async commitment(
    participantId: string,
    at = this.clock.now(),
  ): Promise<CommitmentIndex & { participantId: string; computedAt: string }> {
    const ci = await commitmentOf(this.dataSource.manager, participantId, at);
    if (!ci)
      throw new AppError(
        'not_found',
        'TRUST.PROFILE_NOT_FOUND',
        `no trust profile for participant ${participantId}`,
      );
    return ci;
  }
}

/**
 * A participant's commitment index at `at` from the replicas trust keeps (docs/trust-model.md §9);
 * null when the participant is unknown here.
 */
export async function commitmentOf(
  q: EntityManager,
  participantId: string,
  at: Date,
): Promise<(CommitmentIndex & { participantId: string; computedAt: string }) | null> {
  const [known] = await q.query<Array<{ n: number }>>(
    `SELECT (SELECT count(*) FROM trust.trust_profiles WHERE participant_id = $1)
          + (SELECT count(*) FROM trust.agreement_parties WHERE provider_id = $1 OR consumer_id = $1) AS n`,
    [participantId],
  );
  if (Number(known.n) === 0) return null;
  const since24 = new Date(at.getTime() - 730 * DAY_MS);
  const [row] = await q.query<
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
    [participantId, since24, new Date(at.getTime() - 30 * DAY_MS)],
  );
  const months = row.first_active
    ? Math.max(0, (at.getTime() - new Date(row.first_active).getTime()) / (30.4375 * DAY_MS))
    : 0;
  const ci = commitmentIndex(
    {
      monthsActive: months,
      renewed: row.renewed,
      expiredWithoutRenewal: row.expired,
      exits: row.exits,
      unilateralWithdrawals: row.unilateral,
      usesLastMonth: row.uses,
      sharedValues: sharedValuesIndex(MODEL, row.standards ?? []),
    },
    MODEL,
  );
  return { participantId, computedAt: at.toISOString(), ...ci };
}
