import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import {
  actorSchema,
  exampleOperator,
  exampleParticipantId,
  type ActorV1,
} from './participant-common';
import type { ParticipantKind } from './participant-registered.v1';

/** `catalog.participant.updated` v1: an operator changed a participant's profile. */
export interface ParticipantUpdatedV1 {
  participantId: string;
  /** The profile after the change (public fields). */
  name: string;
  kind: ParticipantKind;
  sector: string;
  /** Which profile fields changed. */
  changedFields: Array<'name' | 'kind' | 'sector' | 'contactEmail'>;
  actor: ActorV1;
  /** Aggregate version after the change. */
  version: number;
  updatedAt: string;
}

export const ParticipantUpdatedV1 = defineEvent({
  type: 'catalog.participant.updated',
  version: 1,
  topic: Topics.catalogParticipant,
  description: "An operator changed a participant's profile (name, kind, sector or contact).",
  keyOf: (d: ParticipantUpdatedV1) => d.participantId,
  schema: {
    type: 'object',
    required: [
      'participantId',
      'name',
      'kind',
      'sector',
      'changedFields',
      'actor',
      'version',
      'updatedAt',
    ],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 300 },
      kind: { enum: ['municipality', 'business', 'ngo'] },
      sector: { type: 'string', minLength: 1, maxLength: 120 },
      changedFields: {
        type: 'array',
        minItems: 1,
        items: { enum: ['name', 'kind', 'sector', 'contactEmail'] },
      },
      actor: actorSchema,
      version: { type: 'integer', minimum: 1 },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: exampleParticipantId,
    name: 'Almaty Department of Digitalization (synthetic)',
    kind: 'municipality',
    sector: 'public administration',
    changedFields: ['sector'],
    actor: exampleOperator,
    version: 2,
    updatedAt: '2026-02-01T10:00:00.000Z',
  },
});
