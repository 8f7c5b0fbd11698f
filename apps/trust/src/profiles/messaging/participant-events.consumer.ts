import { Injectable } from '@nestjs/common';
import {
  ParticipantRegisteredV1,
  StandardAdoptedV1,
  StandardRevokedV1,
  Topics,
  type EventEnvelope,
} from '@dx/contracts';
import type { EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { ApplyStandardsHandler } from '../application/apply-standards.handler';
import { CreatePriorProfilesHandler } from '../application/create-prior-profiles.handler';

/** Group `trust.participant-profiles`: participant lifecycle and shared values → trust profiles. */
@Injectable()
export class ParticipantEventsConsumer implements ConsumerDefinition {
  readonly group = 'trust.participant-profiles';
  readonly topics = [Topics.catalogParticipant];

  constructor(
    private readonly createPriorProfiles: CreatePriorProfilesHandler,
    private readonly standards: ApplyStandardsHandler,
  ) {}

  handlers(): Record<string, EventHandler> {
    return {
      [ParticipantRegisteredV1.type]: (e, em) =>
        this.createPriorProfiles.execute(em, e as EventEnvelope<string, ParticipantRegisteredV1>),
      [StandardAdoptedV1.type]: (e, em) =>
        this.standards.execute(em, e as EventEnvelope<string, StandardAdoptedV1>),
      // Same payload shape: the standards held after the change.
      [StandardRevokedV1.type]: (e, em) =>
        this.standards.execute(em, e as EventEnvelope<string, StandardAdoptedV1>),
    };
  }
}
