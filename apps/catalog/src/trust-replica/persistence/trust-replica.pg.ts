import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrustScoreUpdatedV1 } from '@dx/contracts';
import { TrustReplica } from '../domain/trust-replica';

/** `catalog.participant_trust`. */
@Injectable()
export class PgTrustReplica extends TrustReplica<EntityManager> {
  async keep(em: EntityManager, d: TrustScoreUpdatedV1): Promise<void> {
    await em.query(
      `INSERT INTO catalog.participant_trust
         (participant_id, role, tier, score, lower_bound, uncertainty, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (participant_id, role) DO UPDATE SET
         tier = EXCLUDED.tier, score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, computed_at = EXCLUDED.computed_at
       WHERE catalog.participant_trust.computed_at <= EXCLUDED.computed_at`,
      [d.participantId, d.role, d.tier, d.score, d.lowerBound, d.uncertainty, d.computedAt],
    );
  }
}
