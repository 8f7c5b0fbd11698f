import { Injectable } from '@nestjs/common';
import { Topics, TrustScoreUpdatedV1 } from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import type { EntityManager } from 'typeorm';
import { PolicyStore } from '../domain/policy-store';

/**
 * Group `consent.trust-tiers`: the latest trust tier per participant and role, for auto-decision
 * rules. Newer computations win (the topic is compacted and may be replayed).
 */
@Injectable()
export class TrustTiersConsumer implements ConsumerDefinition {
  constructor(private readonly policies: PolicyStore<EntityManager>) {}

  readonly group = 'consent.trust-tiers';
  readonly topics = [Topics.trustScore];

  handlers(): Record<string, EventHandler> {
    return on(TrustScoreUpdatedV1, async (e, em) => {
      await this.policies.keepTier(em, e.data);
    });
  }
}
