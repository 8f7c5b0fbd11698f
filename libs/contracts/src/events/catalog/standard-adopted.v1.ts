import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleParticipantId } from './participant-common';

/** `catalog.participant.standard-adopted` v1: a participant committed to a platform standard. */
export interface StandardAdoptedV1 {
  participantId: string;
  /** e.g. `city-data-charter-v1`. */
  standardCode: string;
  adoptedAt: string;
  /** Standards the participant holds after this change (the base rate of its trust uses them). */
  adoptedStandards: string[];
}

export const StandardAdoptedV1 = defineEvent({
  type: 'catalog.participant.standard-adopted',
  version: 1,
  topic: Topics.catalogParticipant,
  description:
    'A participant adopted a platform standard (shared values; raises the base rate of its trust).',
  keyOf: (d: StandardAdoptedV1) => d.participantId,
  schema: {
    type: 'object',
    required: ['participantId', 'standardCode', 'adoptedAt', 'adoptedStandards'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      standardCode: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
      adoptedAt: { type: 'string', format: 'date-time' },
      adoptedStandards: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    },
  },
  example: {
    participantId: exampleParticipantId,
    standardCode: 'city-data-charter-v1',
    adoptedAt: '2026-01-20T09:00:00.000Z',
    adoptedStandards: ['city-data-charter-v1', 'open-licence'],
  },
});
