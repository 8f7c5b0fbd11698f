import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  TrustScoreUpdatedV1,
  type EventEnvelope,
  type ParticipantRegisteredV1,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { priorProfile, scoreView, TRUST_ROLES } from '../domain/prior-profile';
import { ProfileStore } from '../domain/profile-store';
import { tierReasons } from '@dx/trust-model';
import { MODEL } from '../../scoring/application/trust-scorer';

/**
 * A newly registered participant gets a profile per role at the prior, and the first
 * `trust.score.updated` per role leaves through the outbox in the same transaction.
 */
@Injectable()
export class CreatePriorProfilesHandler {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly profiles: ProfileStore<EntityManager>,
  ) {}

  async execute(
    em: EntityManager,
    event: EventEnvelope<string, ParticipantRegisteredV1>,
  ): Promise<void> {
    const at = new Date(event.time);
    // Kinds decide the pre-trusted raters of EigenTrust (the municipality).
    await this.profiles.addParticipant(em, event.data.participantId, event.data.kind, at);
    const profiles = TRUST_ROLES.map((role) => priorProfile(event.data.participantId, role, at));
    // A replayed registration must not reset a score that evidence has already moved.
    const created = await this.profiles.addProfiles(em, profiles);
    await this.outbox.appendAll(
      em,
      profiles
        .filter((p) => created.has(p.role))
        .map((p) =>
          TrustScoreUpdatedV1.envelope(
            // A prior has no evidence: its reason is always the evidence floor.
            {
              ...scoreView(p),
              tierReasons: tierReasons({ ...p, capsApplied: [], tierGuards: [] }, MODEL),
            },
            {
              source: 'trust',
              subject: `${p.participantId}:${p.role}`,
              time: at,
              correlationId: event.correlationid,
              causationId: event.id,
            },
          ),
        ),
    );
  }
}
