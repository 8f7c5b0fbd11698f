import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/**
 * `integration.delivery.completed` v1: a delivery was validated and stored, with its quality report
 * (docs/trust-model.md §11). Declared here ahead of the integration service because consent (delivery
 * obligations) and trust (quality evidence) consume it; integration produces exactly this shape.
 */
export interface DeliveryCompletedV1 {
  deliveryId: string;
  datasetId: string;
  providerId: string;
  /** Schema version the records were validated against. */
  schemaVersion: number;
  channel: 'rest' | 'kafka';
  receivedAt: string;
  completedAt: string;
  records: { received: number; accepted: number; quarantined: number; unchanged: number };
  /** Measures in [0, 1]; null where not applicable (no time field, no overlapping source). */
  quality: {
    completeness: number;
    validity: number;
    uniqueness: number;
    consistency: number;
    currentness: number | null;
    crossSourceAgreement: number | null;
  };
  /** Rule codes that broke a critical threshold, e.g. `validity<0.8`. */
  criticalBreaches: string[];
}

const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const unitOrNull = { anyOf: [unit, { type: 'null' }] } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** The measures of a delivery's quality report, in the order reports and dashboards show them. */
export const QUALITY_MEASURES = [
  'completeness',
  'validity',
  'uniqueness',
  'consistency',
  'currentness',
  'crossSourceAgreement',
] as const;

/** Also the base of `integration.delivery.rejected`'s schema. */
export const deliveryCompletedSchema = {
  type: 'object',
  required: [
    'deliveryId',
    'datasetId',
    'providerId',
    'schemaVersion',
    'channel',
    'receivedAt',
    'completedAt',
    'records',
    'quality',
    'criticalBreaches',
  ],
  additionalProperties: true,
  properties: {
    deliveryId: { type: 'string', format: 'uuid' },
    datasetId: { type: 'string', format: 'uuid' },
    providerId: { type: 'string', format: 'uuid' },
    schemaVersion: { type: 'integer', minimum: 1 },
    channel: { enum: ['rest', 'kafka'] },
    receivedAt: { type: 'string', format: 'date-time' },
    completedAt: { type: 'string', format: 'date-time' },
    records: {
      type: 'object',
      required: ['received', 'accepted', 'quarantined', 'unchanged'],
      properties: { received: count, accepted: count, quarantined: count, unchanged: count },
    },
    quality: {
      type: 'object',
      required: QUALITY_MEASURES,
      properties: {
        completeness: unit,
        validity: unit,
        uniqueness: unit,
        consistency: unit,
        currentness: unitOrNull,
        crossSourceAgreement: unitOrNull,
      },
    },
    criticalBreaches: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const DeliveryCompletedV1 = defineEvent({
  type: 'integration.delivery.completed',
  version: 1,
  topic: Topics.integrationDelivery,
  description:
    'A delivery was validated and stored atomically; carries its record counts and quality report.',
  keyOf: (d: DeliveryCompletedV1) => d.datasetId,
  schema: deliveryCompletedSchema,
  example: {
    deliveryId: 'a3c1f0e2-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    schemaVersion: 1,
    channel: 'rest',
    receivedAt: '2026-03-02T01:00:00.000Z',
    completedAt: '2026-03-02T01:00:04.250Z',
    records: { received: 1200, accepted: 1188, quarantined: 12, unchanged: 0 },
    quality: {
      completeness: 0.998,
      validity: 0.99,
      uniqueness: 1,
      consistency: 1,
      currentness: 0.97,
      crossSourceAgreement: null,
    },
    criticalBreaches: [],
  },
});
