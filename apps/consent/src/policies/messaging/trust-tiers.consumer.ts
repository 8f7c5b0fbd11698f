import { Injectable } from '@nestjs/common';
import { Topics, TrustScoreUpdatedV1 } from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';

/**
 * Group `consent.trust-tiers`: the latest trust tier per participant and role, for auto-decision
 * rules. Newer computations win (the topic is compacted and may be replayed).
 */
@Injectable()
export class TrustTiersConsumer implements ConsumerDefinition {
  readonly group = 'consent.trust-tiers';
  readonly topics = [Topics.trustScore];

  handlers(): Record<string, EventHandler> {
    return on(TrustScoreUpdatedV1, async (e, em) => {
      const d = e.data;
      await em.query(
        `INSERT INTO consent.trust_tiers (participant_id, role, tier, lower_bound, computed_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (participant_id, role) DO UPDATE SET tier = EXCLUDED.tier, lower_bound = EXCLUDED.lower_bound, computed_at = EXCLUDED.computed_at
           WHERE consent.trust_tiers.computed_at <= EXCLUDED.computed_at`,
        [d.participantId, d.role, d.tier, d.lowerBound, d.computedAt],
      );
    });
  }
}
