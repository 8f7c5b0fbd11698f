import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { TrustProfile } from '../domain/prior-profile';
import { ProfileStore } from '../domain/profile-store';

/** `trust.participants` and `trust.trust_profiles`. */
@Injectable()
export class PgProfileStore extends ProfileStore<EntityManager> {
  async addParticipant(
    em: EntityManager,
    participantId: string,
    kind: string,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO trust.participants (participant_id, kind, registered_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [participantId, kind, at],
    );
  }

  /**
   * Inserted in (participant, role) order, the order in which the rescorer takes the same rows: a
   * participant's evidence can be rescored before its registration arrives (another topic), and
   * the rescorer then creates the profiles itself. Inserting provider before consumer here, while
   * the rescorer had inserted consumer and waited for provider, deadlocked (CI, 2026-12-05).
   */
  async addProfiles(em: EntityManager, profiles: TrustProfile[]): Promise<Set<TrustRole>> {
    const rows = await em.query<Array<{ role: TrustRole }>>(
      `INSERT INTO trust.trust_profiles (participant_id, role, score, lower_bound, uncertainty, tier, base_rate, evidence_total, model_version, computed_at)
       SELECT participant_id, role, score, lower_bound, uncertainty, tier, base_rate, evidence_total, model_version, computed_at
       FROM jsonb_to_recordset($1::jsonb) AS p(participant_id uuid, role text, score float8, lower_bound float8,
            uncertainty float8, tier text, base_rate float8, evidence_total float8, model_version text, computed_at timestamptz)
       ORDER BY participant_id, role
       ON CONFLICT DO NOTHING RETURNING role`,
      [
        JSON.stringify(
          profiles.map((p) => ({
            participant_id: p.participantId,
            role: p.role,
            score: p.score,
            lower_bound: p.lowerBound,
            uncertainty: p.uncertainty,
            tier: p.tier,
            base_rate: p.baseRate,
            evidence_total: p.evidenceTotal,
            model_version: p.modelVersion,
            computed_at: p.computedAt.toISOString(),
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.role));
  }

  async setAdoptedStandards(
    em: EntityManager,
    participantId: string,
    standards: string[],
  ): Promise<void> {
    await em.query(
      `UPDATE trust.participants SET adopted_standards = $2 WHERE participant_id = $1`,
      [participantId, standards],
    );
  }

  async setBaseRate(
    em: EntityManager,
    participantId: string,
    baseRate: number,
  ): Promise<TrustRole[]> {
    // Locked in (participant, role) order first: an UPDATE alone locks the two roles' rows in
    // whatever order it finds them, and it deadlocked with rescoring.
    const roles = await em.query<Array<{ role: TrustRole }>>(
      `SELECT role FROM trust.trust_profiles WHERE participant_id = $1 ORDER BY role FOR UPDATE`,
      [participantId],
    );
    await em.query(`UPDATE trust.trust_profiles SET base_rate = $2 WHERE participant_id = $1`, [
      participantId,
      baseRate,
    ]);
    return roles.map((r) => r.role);
  }
}
