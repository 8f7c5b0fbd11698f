import { Injectable } from '@nestjs/common';
import {
  ParticipantRegisteredV1,
  StandardAdoptedV1,
  StandardRevokedV1,
  Topics,
} from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
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
      ...on(ParticipantRegisteredV1, (e, em) => this.createPriorProfiles.execute(em, e)),
      ...on(StandardAdoptedV1, (e, em) => this.standards.execute(em, e)),
      // Both carry the standards held after the change.
      ...on(StandardRevokedV1, (e, em) => this.standards.execute(em, e)),
    };
  }
}
