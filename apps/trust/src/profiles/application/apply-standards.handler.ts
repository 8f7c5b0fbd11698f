import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, StandardAdoptedV1, StandardRevokedV1, TrustRole } from '@dx/contracts';
import { MODEL, TrustScorer } from '../../scoring/application/trust-scorer';
import { sharedValuesIndex } from '../../scoring/domain/model-config';
import { baseRateFromSharedValues } from '../domain/opinion';

/**
 * Standards adopted or revoked change a participant's shared values, hence the base rate of both
 * its scores (a = 0.4 + 0.2·SV, docs/trust-model.md §5); both are rescored at once.
 */
@Injectable()
export class ApplyStandardsHandler {
  constructor(private readonly scorer: TrustScorer) {}

  async execute(
    em: EntityManager,
    e: EventEnvelope<string, StandardAdoptedV1 | StandardRevokedV1>,
  ): Promise<void> {
    const d = e.data;
    await em.query(
      `UPDATE trust.participants SET adopted_standards = $2 WHERE participant_id = $1`,
      [d.participantId, d.adoptedStandards],
    );
    const a = baseRateFromSharedValues(sharedValuesIndex(MODEL, d.adoptedStandards));
    // Profiles locked in (participant, role) order, as the rescorer takes them: an UPDATE alone
    // locks the two roles' rows in whatever order it finds them, and the two deadlocked.
    const roles = await em.query<Array<{ role: TrustRole }>>(
      `SELECT role FROM trust.trust_profiles WHERE participant_id = $1 ORDER BY role FOR UPDATE`,
      [d.participantId],
    );
    await em.query(`UPDATE trust.trust_profiles SET base_rate = $2 WHERE participant_id = $1`, [
      d.participantId,
      a,
    ]);
    for (const { role } of roles)
      await this.scorer.rescore(em, d.participantId, role, new Date(e.time), e.id);
  }
}
