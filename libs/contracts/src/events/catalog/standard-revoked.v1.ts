import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleParticipantId } from './participant-common';

/** `catalog.participant.standard-revoked` v1: a participant withdrew from a platform standard. */
export interface StandardRevokedV1 {
  participantId: string;
  standardCode: string;
  revokedAt: string;
  /** Standards the participant still holds. */
  adoptedStandards: string[];
}

export const StandardRevokedV1 = defineEvent({
  type: 'catalog.participant.standard-revoked',
  version: 1,
  topic: Topics.catalogParticipant,
  description: 'A participant revoked its adoption of a platform standard.',
  keyOf: (d: StandardRevokedV1) => d.participantId,
  schema: {
    type: 'object',
    required: ['participantId', 'standardCode', 'revokedAt', 'adoptedStandards'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      standardCode: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
      revokedAt: { type: 'string', format: 'date-time' },
      adoptedStandards: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    },
  },
  example: {
    participantId: exampleParticipantId,
    standardCode: 'open-licence',
    revokedAt: '2026-05-02T09:00:00.000Z',
    adoptedStandards: ['city-data-charter-v1'],
  },
});
