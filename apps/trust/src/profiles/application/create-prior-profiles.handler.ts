import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  TrustScoreUpdatedV1,
  type EventEnvelope,
  type ParticipantRegisteredV1,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { priorProfile, scoreView, TRUST_ROLES } from '../domain/prior-profile';
import { TrustProfileOrmEntity } from '../persistence/trust-profile.orm-entity';

/**
 * A newly registered participant gets a profile per role at the prior, and the first
 * `trust.score.updated` per role leaves through the outbox in the same transaction.
 */
@Injectable()
export class CreatePriorProfilesHandler {
  constructor(private readonly outbox: OutboxWriter) {}

  async execute(
    em: EntityManager,
    event: EventEnvelope<string, ParticipantRegisteredV1>,
  ): Promise<void> {
    const at = new Date(event.time);
    // Kinds decide the pre-trusted raters of EigenTrust (the municipality).
    await em.query(
      `INSERT INTO trust.participants (participant_id, kind, registered_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [event.data.participantId, event.data.kind, at],
    );
    const profiles = TRUST_ROLES.map((role) => priorProfile(event.data.participantId, role, at));
    // A replayed registration must not reset a score that evidence has already moved.
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(TrustProfileOrmEntity)
      .values(profiles)
      .orIgnore()
      .returning(['role'])
      .execute();
    const created = new Set((inserted.raw as Array<{ role: string }>).map((r) => r.role));
    await this.outbox.appendAll(
      em,
      profiles
        .filter((p) => created.has(p.role))
        .map((p) =>
          TrustScoreUpdatedV1.envelope(scoreView(p), {
            source: 'trust',
            subject: `${p.participantId}:${p.role}`,
            time: at,
            correlationId: event.correlationid,
            causationId: event.id,
          }),
        ),
    );
  }
}
