import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

export type TrustRole = 'provider' | 'consumer';
export type TrustTier = 'High' | 'Established' | 'Provisional' | 'Low';

/**
 * Why a score has the tier it has, one reason per rule of the model that decided it
 * (docs/trust-model.md §6), with the figures the rule compared. Readers render them in their
 * own words and language from the code.
 */
export const TIER_REASON_CODES = [
  /** Less decayed evidence than the floor: Provisional whatever the score. */
  'evidence-below-floor',
  /** Uncertainty above the limit for any firm tier: Provisional. */
  'uncertainty-above-limit',
  /** Score and uncertainty meet a tier's thresholds (values.tier says which). */
  'meets-tier',
  /** Enough evidence, but the score or uncertainty misses Established: Low. */
  'below-established',
  /** Upheld integrity evidence caps the score and keeps it from High until a date. */
  'integrity-cap',
  /** Recent reliability fell under the floor: the tier is held at most at values.maxTier. */
  'recent-reliability-guard',
] as const;
export type TierReasonCode = (typeof TIER_REASON_CODES)[number];

export interface TierReasonV1 {
  code: TierReasonCode;
  /** The figures the rule compared (score, minScore, uncertainty, evidenceTotal, floor, …). */
  values: Record<string, number | string>;
}

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
  /** Why the tier is what it is (added in trust-1.3; absent from older events). */
  tierReasons?: TierReasonV1[];
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
      tierReasons: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'values'],
          additionalProperties: false,
          properties: {
            code: { enum: TIER_REASON_CODES },
            values: { type: 'object', additionalProperties: { type: ['number', 'string'] } },
          },
        },
      },
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
    tierReasons: [{ code: 'evidence-below-floor', values: { evidenceTotal: 0, floor: 5 } }],
  },
});
