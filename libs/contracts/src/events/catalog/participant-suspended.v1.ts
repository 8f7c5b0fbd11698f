import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import {
  actorSchema,
  exampleOperator,
  exampleParticipantId,
  type ActorV1,
} from './participant-common';

/** `catalog.participant.suspended` v1: the participant can no longer obtain tokens. */
export interface ParticipantSuspendedV1 {
  participantId: string;
  reason: string;
  actor: ActorV1;
  version: number;
  suspendedAt: string;
}

export const ParticipantSuspendedV1 = defineEvent({
  type: 'catalog.participant.suspended',
  version: 1,
  topic: Topics.catalogParticipant,
  description:
    'An operator suspended a participant: no new access tokens are issued until it is reinstated.',
  keyOf: (d: ParticipantSuspendedV1) => d.participantId,
  schema: {
    type: 'object',
    required: ['participantId', 'reason', 'actor', 'version', 'suspendedAt'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      reason: { type: 'string', minLength: 1, maxLength: 1000 },
      actor: actorSchema,
      version: { type: 'integer', minimum: 1 },
      suspendedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: exampleParticipantId,
    reason: 'security incident under investigation (synthetic)',
    actor: exampleOperator,
    version: 3,
    suspendedAt: '2026-03-01T08:00:00.000Z',
  },
});
