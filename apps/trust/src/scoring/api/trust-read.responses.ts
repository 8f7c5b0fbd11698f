import type { TrustRole } from '@dx/contracts';
import { defineResponse } from '@dx/service-kit';
import type { CommitmentView } from '../application/commitment-calculator';
import type { RatingView } from '../application/submit-rating.handler';
import type { HistoryPoint, LeaderboardEntry } from '../queries/trust-read.queries';

const uuid = { type: 'string', format: 'uuid' } as const;
const role = { type: 'string', enum: ['provider', 'consumer'] } as const;
const unit = (description: string) =>
  ({ type: 'number', minimum: 0, maximum: 1, description }) as const;
const tier = {
  type: 'string',
  description: 'High, Established, Provisional or Low (docs/trust-model.md §6)',
  example: 'Established',
} as const;

export const HistoryBody = defineResponse<{
  participantId: string;
  role: TrustRole;
  points: HistoryPoint[];
}>()('TrustHistory', {
  schema: {
    type: 'object',
    required: ['participantId', 'role', 'points'],
    properties: {
      participantId: uuid,
      role,
      points: {
        type: 'array',
        description: 'one point per rescoring, oldest first',
        items: {
          type: 'object',
          required: [
            'computedAt',
            'score',
            'lowerBound',
            'uncertainty',
            'tier',
            'modelVersion',
            'causeEventId',
          ],
          properties: {
            computedAt: { type: 'string', format: 'date-time' },
            score: unit('expected trust T'),
            lowerBound: unit('conservative 5 % lower bound'),
            uncertainty: unit('share of the opinion that is uncertainty'),
            tier,
            modelVersion: { type: 'string' },
            causeEventId: {
              type: ['string', 'null'],
              description: 'the evidence event that triggered the rescoring',
            },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
});

export const LeaderboardBody = defineResponse<{ role: TrustRole; items: LeaderboardEntry[] }>()(
  'TrustLeaderboard',
  {
    schema: {
      type: 'object',
      required: ['role', 'items'],
      properties: {
        role,
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'rank',
              'participantId',
              'score',
              'lowerBound',
              'uncertainty',
              'tier',
              'evidenceTotal',
            ],
            properties: {
              rank: { type: 'integer', minimum: 1 },
              participantId: uuid,
              score: unit('expected trust T'),
              lowerBound: unit('conservative 5 % lower bound; the ranking key'),
              uncertainty: unit('share of the opinion that is uncertainty'),
              tier,
              evidenceTotal: { type: 'number', description: 'weighted evidence behind the score' },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
);

export const CommitmentBody = defineResponse<CommitmentView>()('CommitmentIndex', {
  schema: {
    type: 'object',
    required: ['participantId', 'computedAt', 'index', 'components', 'modelVersion'],
    properties: {
      participantId: uuid,
      computedAt: { type: 'string', format: 'date-time' },
      index: unit('CI = Σ weight × value (docs/trust-model.md §9)'),
      components: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'value', 'weight', 'contribution', 'basis'],
          properties: {
            name: {
              type: 'string',
              enum: [
                'tenure',
                'renewal',
                'noticeCompliance',
                'investment',
                'extraRoleSharing',
                'benefitRealised',
                'sharedValues',
              ],
            },
            value: unit('the component, from 0 to 1'),
            weight: { type: 'number' },
            contribution: { type: 'number', description: 'weight × value' },
            basis: { type: 'string', description: 'how the value was obtained, in words' },
          },
          additionalProperties: false,
        },
      },
      modelVersion: { type: 'string' },
    },
    additionalProperties: false,
  },
});

export const RatingBody = defineResponse<RatingView>()('Rating', {
  schema: {
    type: 'object',
    required: [
      'ratingId',
      'deliveryId',
      'providerId',
      'agreementId',
      'score',
      'credibility',
      'counted',
      'createdAt',
    ],
    properties: {
      ratingId: uuid,
      deliveryId: { type: 'string' },
      providerId: uuid,
      agreementId: uuid,
      score: { type: 'integer', minimum: 1, maximum: 5 },
      credibility: unit("the rater's credibility, the rating's weight"),
      counted: {
        type: 'boolean',
        description: 'false when the rater has no credibility yet: kept, weighs nothing',
      },
      createdAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
});
