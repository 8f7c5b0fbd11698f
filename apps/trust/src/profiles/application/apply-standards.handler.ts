import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, StandardAdoptedV1, StandardRevokedV1 } from '@dx/contracts';
import { MODEL, TrustScorer } from '../../scoring/application/trust-scorer';
import { sharedValuesIndex } from '@dx/trust-model';
import { baseRateFromSharedValues } from '../domain/opinion';
import { ProfileStore } from '../domain/profile-store';

/**
 * Standards adopted or revoked change a participant's shared values, hence the base rate of both
 * its scores (a = 0.4 + 0.2·SV, docs/trust-model.md §5); both are rescored at once.
 */
@Injectable()
export class ApplyStandardsHandler {
  constructor(
    private readonly scorer: TrustScorer,
    private readonly profiles: ProfileStore<EntityManager>,
  ) {}

  async execute(
    em: EntityManager,
    e: EventEnvelope<string, StandardAdoptedV1 | StandardRevokedV1>,
  ): Promise<void> {
    const d = e.data;
    await this.profiles.setAdoptedStandards(em, d.participantId, d.adoptedStandards);
    const a = baseRateFromSharedValues(sharedValuesIndex(MODEL, d.adoptedStandards));
    const roles = await this.profiles.setBaseRate(em, d.participantId, a);
    for (const role of roles)
      await this.scorer.rescore(em, d.participantId, role, new Date(e.time), e.id);
  }
}
