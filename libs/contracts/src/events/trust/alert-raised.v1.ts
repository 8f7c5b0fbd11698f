import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import type { TrustRole } from './score-updated.v1';

/**
 * `trust.alert.raised` v1 (key: participant id): something in a participant's trust needs a human
 * look (docs/trust-model.md §8): the integrity cap came into force, the score fell sharply, or a
 * dimension oscillates (an on-off pattern).
 */
export interface TrustAlertRaisedV1 {
  participantId: string;
  role: TrustRole;
  kind: 'cap_applied' | 'sharp_drop' | 'oscillation';
  /** Human-readable, templated. */
  message: string;
  score: number;
  /** sharp_drop: the highest score in the window; oscillation: the dimension. */
  previousScore?: number;
  dimension?: string;
  /** oscillation: sign flips of ΔP in the window. */
  flips?: number;
  /** cap_applied: the event that caused the cap. */
  causeEventId?: string;
  windowDays: number;
  modelVersion: string;
  raisedAt: string;
}

export const TrustAlertRaisedV1 = defineEvent({
  type: 'trust.alert.raised',
  version: 1,
  topic: Topics.trustAlert,
  description: "A participant's trust needs attention: cap applied, sharp drop or oscillation.",
  keyOf: (d: TrustAlertRaisedV1) => d.participantId,
  schema: {
    type: 'object',
    required: [
      'participantId',
      'role',
      'kind',
      'message',
      'score',
      'windowDays',
      'modelVersion',
      'raisedAt',
    ],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      role: { enum: ['provider', 'consumer'] },
      kind: { enum: ['cap_applied', 'sharp_drop', 'oscillation'] },
      message: { type: 'string', minLength: 1 },
      score: { type: 'number', minimum: 0, maximum: 1 },
      previousScore: { type: 'number', minimum: 0, maximum: 1 },
      dimension: { type: 'string' },
      flips: { type: 'integer', minimum: 0 },
      causeEventId: { type: 'string' },
      windowDays: { type: 'integer', minimum: 1 },
      modelVersion: { type: 'string' },
      raisedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    role: 'provider',
    kind: 'sharp_drop',
    message: 'Score fell from 0.81 to 0.66 within 30 days.',
    score: 0.66,
    previousScore: 0.81,
    windowDays: 30,
    modelVersion: 'trust-1.2.0',
    raisedAt: '2026-06-02T09:00:00.000Z',
  },
});
