import { TIER_REASON_CODES } from '@dx/contracts';
import { defineResponse } from '@dx/service-kit';
import type { ParticipantDetail } from '../queries/participant-detail.query';

const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;

const roleTrust = {
  type: ['object', 'null'],
  description: 'the latest trust.score.updated of the role; null before trust scored it',
  required: [
    'score',
    'lowerBound',
    'uncertainty',
    'tier',
    'baseRate',
    'evidenceTotal',
    'tierReasons',
    'modelVersion',
    'computedAt',
  ],
  properties: {
    score: unit,
    lowerBound: unit,
    uncertainty: unit,
    tier: { type: 'string', enum: ['High', 'Established', 'Provisional', 'Low'] },
    baseRate: unit,
    evidenceTotal: { type: 'number', minimum: 0, description: 'decayed evidence behind the score' },
    tierReasons: {
      type: 'array',
      description: 'why the tier, rule by rule (docs/trust-model.md §6)',
      items: {
        type: 'object',
        required: ['code', 'values'],
        properties: {
          code: { type: 'string', enum: TIER_REASON_CODES },
          values: { type: 'object', additionalProperties: { type: ['number', 'string'] } },
        },
        additionalProperties: false,
      },
    },
    modelVersion: { type: 'string' },
    computedAt: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
} as const;

export const ParticipantDetailBody = defineResponse<ParticipantDetail>()('ParticipantInsight', {
  schema: {
    type: 'object',
    required: ['participantId', 'name', 'kind', 'trust', 'disputes', 'deliveries'],
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      name: { type: ['string', 'null'] },
      kind: { type: ['string', 'null'] },
      trust: {
        type: 'object',
        required: ['provider', 'consumer'],
        properties: { provider: roleTrust, consumer: roleTrust },
        additionalProperties: false,
      },
      disputes: {
        type: 'object',
        required: ['openedAgainst', 'upheldAgainst', 'pendingAgainst'],
        properties: { openedAgainst: count, upheldAgainst: count, pendingAgainst: count },
        additionalProperties: false,
      },
      deliveries: {
        type: 'object',
        description: 'as a provider, as consent judged them against the schedules',
        required: ['onTime', 'late', 'missed'],
        properties: { onTime: count, late: count, missed: count },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
});
