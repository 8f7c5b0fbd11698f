import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

export type TrustRole = 'provider' | 'consumer';
export type TrustTier = 'High' | 'Established' | 'Provisional' | 'Low';

/** `trust.score.updated` v1: a participant's global score for one role changed (or was created). */
export interface TrustScoreUpdatedV1 {
  participantId: string;
  role: TrustRole;
  /** Only `global` is published; per-agreement scores are served by the API. */
  scope: 'global';
  /** Projected probability T in [0, 1]. */
  score: number;
  /** Conservative 5 % Beta lower bound L in [0, 1]; tiers and rankings use it. */
  lowerBound: number;
  /** Subjective-logic uncertainty u in [0, 1]; 1 means no evidence at all. */
  uncertainty: number;
  tier: TrustTier;
  /** Base rate a (prior) from the participant's shared values. */
  baseRate: number;
  /** Sum of decayed evidence r + s over all dimensions. */
  evidenceTotal: number;
  /** Version of the model parameters that produced the score. */
  modelVersion: string;
  /** ISO-8601 UTC time the score refers to. */
  computedAt: string;
}

export const TrustScoreUpdatedV1 = defineEvent({
  type: 'trust.score.updated',
  version: 1,
  topic: Topics.trustScore,
  description: "A participant's global trust score for one role was created or changed.",
  keyOf: (d: TrustScoreUpdatedV1) => `${d.participantId}:${d.role}`,
  schema: {
    type: 'object',
    required: [
      'participantId',
      'role',
      'scope',
      'score',
      'lowerBound',
      'uncertainty',
      'tier',
      'baseRate',
      'evidenceTotal',
      'modelVersion',
      'computedAt',
    ],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      role: { enum: ['provider', 'consumer'] },
      scope: { const: 'global' },
      score: { type: 'number', minimum: 0, maximum: 1 },
      lowerBound: { type: 'number', minimum: 0, maximum: 1 },
      uncertainty: { type: 'number', minimum: 0, maximum: 1 },
      tier: { enum: ['High', 'Established', 'Provisional', 'Low'] },
      baseRate: { type: 'number', minimum: 0, maximum: 1 },
      evidenceTotal: { type: 'number', minimum: 0 },
      modelVersion: { type: 'string', minLength: 1 },
      computedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    role: 'provider',
    scope: 'global',
    score: 0.4,
    lowerBound: 0.0194,
    uncertainty: 1,
    tier: 'Provisional',
    baseRate: 0.4,
    evidenceTotal: 0,
    modelVersion: 'trust-1.0.0',
    computedAt: '2026-01-15T09:00:01.000Z',
  },
});
