import { defineResponse } from '@dx/service-kit';
import type { Overview } from '../queries/overview.query';

const count = { type: 'integer', minimum: 0 } as const;
const counts = (description: string) =>
  ({ type: 'object', additionalProperties: { type: 'integer' }, description }) as const;
const unitOrNull = (description: string) =>
  ({ type: ['number', 'null'], minimum: 0, maximum: 1, description }) as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;

const distribution = {
  type: 'object',
  description: 'over the participants with evidence in the role',
  required: ['count', 'leaders', 'medianScore', 'medianLowerBound', 'medianUncertainty', 'tiers'],
  properties: {
    count,
    leaders: {
      type: 'array',
      maxItems: 10,
      description: 'ranked by the conservative lower bound',
      items: {
        type: 'object',
        required: [
          'participantId',
          'name',
          'score',
          'lowerBound',
          'uncertainty',
          'tier',
          'upheldDisputes',
        ],
        properties: {
          participantId: { type: 'string', format: 'uuid' },
          name: { type: ['string', 'null'] },
          score: unit,
          lowerBound: unit,
          uncertainty: unit,
          tier: { type: 'string' },
          upheldDisputes: {
            type: 'integer',
            minimum: 0,
            description: 'disputes an operator upheld against the participant',
          },
        },
        additionalProperties: false,
      },
    },
    medianScore: unitOrNull('median expected trust'),
    medianLowerBound: unitOrNull('median lower bound'),
    medianUncertainty: unitOrNull('median uncertainty'),
    tiers: counts('participants per tier'),
  },
  additionalProperties: false,
} as const;

export const OverviewBody = defineResponse<Overview>()('InsightsOverview', {
  schema: {
    type: 'object',
    description: 'the ecosystem now, every figure read from one snapshot of the read models',
    required: [
      'asOf',
      'participants',
      'datasets',
      'agreements',
      'deliveries',
      'quality',
      'disputes',
      'trust',
      'commitment',
      'impact',
    ],
    properties: {
      asOf: { type: 'string', format: 'date-time' },
      participants: {
        type: 'object',
        required: ['total', 'byKind', 'suspended'],
        properties: { total: count, byKind: counts('by kind'), suspended: count },
        additionalProperties: false,
      },
      datasets: {
        type: 'object',
        required: ['total', 'byStatus'],
        properties: { total: count, byStatus: counts('by status') },
        additionalProperties: false,
      },
      agreements: {
        type: 'object',
        required: ['total', 'active', 'byState'],
        properties: { total: count, active: count, byState: counts('by state') },
        additionalProperties: false,
      },
      deliveries: {
        type: 'object',
        required: ['fulfilled', 'onTime', 'late', 'missed', 'onTimeRate'],
        properties: {
          fulfilled: count,
          onTime: count,
          late: count,
          missed: count,
          onTimeRate: unitOrNull('on time ÷ (fulfilled + missed); null before the first due'),
        },
        additionalProperties: false,
      },
      quality: {
        type: 'object',
        required: ['deliveries', 'rejected', 'meanByMeasure'],
        properties: {
          deliveries: count,
          rejected: count,
          meanByMeasure: {
            type: 'object',
            additionalProperties: { type: 'number' },
            description: 'mean of each quality measure over completed deliveries',
          },
        },
        additionalProperties: false,
      },
      disputes: {
        type: 'object',
        required: ['open', 'resolved', 'upheld'],
        properties: { open: count, resolved: count, upheld: count },
        additionalProperties: false,
      },
      trust: {
        type: 'object',
        required: ['provider', 'consumer'],
        properties: { provider: distribution, consumer: distribution },
        additionalProperties: false,
      },
      commitment: {
        type: 'object',
        required: ['count', 'median'],
        properties: { count, median: unitOrNull('median commitment index') },
        additionalProperties: false,
      },
      impact: {
        type: 'object',
        description: 'totals of what the parties reported (self-reported, never measured here)',
        required: [
          'selfReported',
          'reports',
          'costAvoidedKzt',
          'revenueKzt',
          'staffHoursSaved',
          'derivedProducts',
          'decisionsSupported',
          'citizenServiceUsers',
        ],
        properties: {
          selfReported: { type: 'boolean', enum: [true] },
          reports: count,
          costAvoidedKzt: { type: 'number' },
          revenueKzt: { type: 'number' },
          staffHoursSaved: { type: 'number' },
          derivedProducts: { type: 'number' },
          decisionsSupported: { type: 'number' },
          citizenServiceUsers: { type: 'number' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
});
