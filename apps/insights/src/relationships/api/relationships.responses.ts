import { defineResponse } from '@dx/service-kit';
import type { Relationship } from '../queries/relationships.query';

const count = { type: 'integer', minimum: 0 } as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const unitOrNull = (description: string) =>
  ({ type: ['number', 'null'], minimum: 0, maximum: 1, description }) as const;

const side = {
  type: 'object',
  required: ['participantId', 'name', 'trust', 'commitment'],
  properties: {
    participantId: { type: 'string', format: 'uuid' },
    name: { type: ['string', 'null'] },
    trust: {
      type: ['object', 'null'],
      description: 'null until trust has scored the side in its role',
      required: ['score', 'lowerBound', 'uncertainty', 'tier'],
      properties: { score: unit, lowerBound: unit, uncertainty: unit, tier: { type: 'string' } },
      additionalProperties: false,
    },
    commitment: unitOrNull('commitment index; null until computed'),
  },
  additionalProperties: false,
} as const;

export const RelationshipsBody = defineResponse<{ items: Relationship[] }>()('RelationshipList', {
  schema: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'agreementId',
            'datasetId',
            'datasetTitle',
            'state',
            'purpose',
            'activatedAt',
            'provider',
            'consumer',
            'deliveries',
            'quality',
            'disputes',
            'outcomes',
          ],
          properties: {
            agreementId: { type: 'string', format: 'uuid' },
            datasetId: { type: 'string', format: 'uuid' },
            datasetTitle: { type: ['string', 'null'] },
            state: { type: 'string' },
            purpose: { type: ['string', 'null'] },
            activatedAt: { type: ['string', 'null'], format: 'date-time' },
            provider: side,
            consumer: side,
            deliveries: {
              type: 'object',
              required: ['due', 'onTime', 'late', 'missed', 'onTimeRate'],
              properties: {
                due: count,
                onTime: count,
                late: count,
                missed: count,
                onTimeRate: unitOrNull('null before the first judged delivery'),
              },
              additionalProperties: false,
            },
            quality: unitOrNull("mean quality of the dataset's completed deliveries"),
            disputes: {
              type: 'object',
              required: ['opened', 'resolved', 'upheld'],
              properties: { opened: count, resolved: count, upheld: count },
              additionalProperties: false,
            },
            outcomes: {
              type: 'object',
              description: 'KMV outcome indicators (docs/impact-indicators.md §1)',
              required: [
                'acquiescence',
                'cooperation',
                'propensityToLeave',
                'functionalConflict',
                'decisionUncertainty',
              ],
              properties: {
                acquiescence: unitOrNull('counter-offers accepted ÷ answered'),
                cooperation: { type: 'number', description: '1 with a reciprocal agreement' },
                propensityToLeave: {
                  type: 'number',
                  description: '1 once notice was given or it ended',
                },
                functionalConflict: unitOrNull('disputes resolved without being upheld ÷ resolved'),
                decisionUncertainty: {
                  type: 'number',
                  description: "the provider's trust uncertainty (1 without a score)",
                },
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});
