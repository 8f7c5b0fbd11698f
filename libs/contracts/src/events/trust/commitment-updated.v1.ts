import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/** One component of the commitment index (docs/trust-model.md §9). */
export interface CommitmentComponentV1 {
  name: string;
  value: number;
  weight: number;
  contribution: number;
  basis: string;
}

/**
 * `trust.commitment.updated` v1: a participant's commitment index changed (or was first computed).
 * Kept apart from trust scores, on the same compacted topic under the key `<participantId>:commitment`.
 */
export interface TrustCommitmentUpdatedV1 {
  participantId: string;
  /** CI = Σ α_j x_j in [0, 1]. */
  index: number;
  components: CommitmentComponentV1[];
  modelVersion: string;
  computedAt: string;
}

export const TrustCommitmentUpdatedV1 = defineEvent({
  type: 'trust.commitment.updated',
  version: 1,
  topic: Topics.trustScore,
  description:
    "A participant's commitment index (tenure, renewal, notice compliance, benefit realised, shared values) was created or changed.",
  keyOf: (d: TrustCommitmentUpdatedV1) => `${d.participantId}:commitment`,
  schema: {
    type: 'object',
    required: ['participantId', 'index', 'components', 'modelVersion', 'computedAt'],
    additionalProperties: true,
    properties: {
      participantId: { type: 'string', format: 'uuid' },
      index: { type: 'number', minimum: 0, maximum: 1 },
      components: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'value', 'weight', 'contribution', 'basis'],
          properties: {
            name: { type: 'string', minLength: 1 },
            value: { type: 'number', minimum: 0, maximum: 1 },
            weight: { type: 'number', minimum: 0, maximum: 1 },
            contribution: { type: 'number', minimum: 0, maximum: 1 },
            basis: { type: 'string' },
          },
        },
      },
      modelVersion: { type: 'string', minLength: 1 },
      computedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    participantId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    index: 0.52,
    components: [
      {
        name: 'tenure',
        value: 0.25,
        weight: 0.3,
        contribution: 0.075,
        basis: '6.0 months active / 24',
      },
      {
        name: 'renewal',
        value: 0.5,
        weight: 0.2,
        contribution: 0.1,
        basis: '0 renewed, 0 expired without renewal (24 months; 0.5 with none)',
      },
    ],
    modelVersion: 'trust-1.2.0',
    computedAt: '2026-07-15T09:00:00.000Z',
  },
});
