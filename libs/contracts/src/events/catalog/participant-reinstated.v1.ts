import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import {
  actorSchema,
  exampleOperator,
  exampleParticipantId,
  type ActorV1,
} from './participant-common';

/** `catalog.participant.reinstated` v1: a suspended participant is active again. */
export interface ParticipantReinstatedV1 {
  participantId: string;
  reason: string;
  actor: ActorV1;
  version: number;
  reinstatedAt: string;
}

export const ParticipantReinstatedV1 = defineEvent({
  type: 'catalog.participant.reinstated',
  version: 1,
  topic: Topics.catalogParticipant,
  description: 'An operator lifted a suspension; the participant can obtain tokens again.',
  keyOf: (d: ParticipantReinstatedV1) => d.participantId,
  schema: {
    type: 'object',
    required: ['participantId', 'reason', 'actor', 'version', 'reinstatedAt'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      reason: { type: 'string', minLength: 1, maxLength: 1000 },
      actor: actorSchema,
      version: { type: 'integer', minimum: 1 },
      reinstatedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: exampleParticipantId,
    reason: 'investigation closed (synthetic)',
    actor: exampleOperator,
    version: 4,
    reinstatedAt: '2026-03-04T08:00:00.000Z',
  },
});
