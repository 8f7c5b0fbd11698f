import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

export type ParticipantKind = 'municipality' | 'business' | 'ngo';

/** `catalog.participant.registered` v1: the operator registered an organisation. */
export interface ParticipantRegisteredV1 {
  /** UUID of the participant; also the OAuth2 token subject. */
  participantId: string;
  /** Legal name. */
  name: string;
  kind: ParticipantKind;
  /** Kazakh BIN/IIN, 12 digits with a valid check digit. */
  legalId: string;
  /** Free-text sector, e.g. `telecommunications`. */
  sector: string;
  /** Always `active` at registration. */
  status: 'active';
  /** ISO-8601 UTC. */
  registeredAt: string;
}

export const ParticipantRegisteredV1 = defineEvent({
  type: 'catalog.participant.registered',
  version: 1,
  topic: Topics.catalogParticipant,
  description:
    'An operator registered an organisation as a participant; it has client credentials now.',
  keyOf: (d: ParticipantRegisteredV1) => d.participantId,
  schema: {
    type: 'object',
    required: ['participantId', 'name', 'kind', 'legalId', 'sector', 'status', 'registeredAt'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 300 },
      kind: { enum: ['municipality', 'business', 'ngo'] },
      legalId: { type: 'string', pattern: '^[0-9]{12}$' },
      sector: { type: 'string', minLength: 1, maxLength: 120 },
      status: { const: 'active' },
      registeredAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    name: 'Almaty Department of Digitalization (synthetic)',
    kind: 'municipality',
    legalId: '990140000156',
    sector: 'public administration',
    status: 'active',
    registeredAt: '2026-01-15T09:00:00.000Z',
  },
});
