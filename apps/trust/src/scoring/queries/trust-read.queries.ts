import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrustRole } from '@dx/contracts';

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

/** Read-side SQL of trust's scores: the last scoring, snapshots, the leaderboard. */
@Injectable()
export class TrustReadQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** When the profile was last scored, its base rate, and the latest evidence in its state. */
  async lastScoring(
    participantId: string,
    role: TrustRole,
  ): Promise<{ computedAt: Date; baseRate: number; evidenceAt: Date | null } | null> {
    const [last] = await this.dataSource.query<
      Array<{ computed_at: Date; base_rate: number; evidence_at: Date | null }>
    >(
      `SELECT p.computed_at, p.base_rate,
              (SELECT max(as_of) FROM trust.trust_state s WHERE s.participant_id = p.participant_id AND s.role = p.role) AS evidence_at
       FROM trust.trust_profiles p WHERE p.participant_id = $1 AND p.role = $2`,
      [participantId, role],
    );
    return last
      ? {
          computedAt: new Date(last.computed_at),
          baseRate: last.base_rate,
          evidenceAt: last.evidence_at ? new Date(last.evidence_at) : null,
        }
      : null;
  }

  async history(
    participantId: string,
    role: TrustRole,
    from: Date,
    to: Date,
  ): Promise<HistoryPoint[]> {
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
    return rows.map((r) => ({
      computedAt: new Date(r.computed_at).toISOString(),
      score: r.score,
      lowerBound: r.lower_bound,
      uncertainty: r.uncertainty,
      tier: r.tier,
      modelVersion: r.model_version,
      causeEventId: r.cause_event_id,
    }));
  }

  /** Ranked by the conservative lower bound, so little evidence cannot outrank a long record (§5). */
  async leaderboard(role: TrustRole, limit: number): Promise<LeaderboardEntry[]> {
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
    return rows.map((r, i) => ({
      rank: i + 1,
      participantId: r.participant_id,
      score: r.score,
      lowerBound: r.lower_bound,
      uncertainty: r.uncertainty,
      tier: r.tier,
      evidenceTotal: r.evidence_total,
    }));
  }
}
