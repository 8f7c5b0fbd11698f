import { Injectable } from '@nestjs/common';
import { ParticipantRegisteredV1, Topics, type EventEnvelope } from '@dx/contracts';
import type { EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { CreatePriorProfilesHandler } from '../application/create-prior-profiles.handler';

/** Group `trust.participant-profiles`: participant lifecycle → trust profiles. */
@Injectable()
export class ParticipantEventsConsumer implements ConsumerDefinition {
  readonly group = 'trust.participant-profiles';
  readonly topics = [Topics.catalogParticipant];

  constructor(private readonly createPriorProfiles: CreatePriorProfilesHandler) {}

  handlers(): Record<string, EventHandler> {
    return {
      [ParticipantRegisteredV1.type]: (e, em) =>
        this.createPriorProfiles.execute(em, e as EventEnvelope<string, ParticipantRegisteredV1>),
    };
  }
}
