import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, TrustScoreUpdatedV1 } from '@dx/contracts';
import { TrustReplica } from '../domain/trust-replica';

/**
 * Keeps the latest score per participant and role. Newer computations win, so a replay of the
 * compacted topic or a late duplicate never moves the replica backwards.
 */
@Injectable()
export class ApplyTrustScoreHandler {
  constructor(private readonly replica: TrustReplica<EntityManager>) {}

  execute(em: EntityManager, e: EventEnvelope<string, TrustScoreUpdatedV1>): Promise<void> {
    return this.replica.keep(em, e.data);
  }
}
