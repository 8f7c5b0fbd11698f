import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, TrustScoreUpdatedV1 } from '@dx/contracts';

/**
 * Keeps the latest score per participant and role. Newer computations win, so a replay of the
 * compacted topic or a late duplicate never moves the replica backwards.
 */
@Injectable()
export class ApplyTrustScoreHandler {
  async execute(em: EntityManager, e: EventEnvelope<string, TrustScoreUpdatedV1>): Promise<void> {
    const d = e.data;
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
