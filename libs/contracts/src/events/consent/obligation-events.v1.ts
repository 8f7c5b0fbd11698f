import { defineEvent, type EventDefinition } from '../../event-definition';
import { Topics } from '../../topics';

/*
 * `consent.obligation.*` v1 (key: agreement id): the commitment ledger. Delivery obligations are
 * scheduled from the agreed cadence and resolved by deliveries or by the clock; change notices
 * record whether a provider announced changes with the agreed lead time.
 */

interface ObligationBase {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  occurredAt: string;
}

export interface DeliveryObligationV1 extends ObligationBase {
  obligationId: string;
  /** 1 for the first delivery of the agreement, then 2, 3 … */
  sequence: number;
  dueAt: string;
  /** dueAt + the agreed grace period: after it the delivery is missed. */
  graceUntil: string;
  /** For fulfilled obligations. */
  deliveryId?: string;
  deliveredAt?: string;
  onTime?: boolean;
  /** Seconds after dueAt (0 when on time). */
  latenessSeconds?: number;
}

export interface ChangeNoticeV1 extends ObligationBase {
  /** `schema-change` or `outage`. */
  kind: 'schema-change' | 'outage';
  description: string;
  announcedAt: string;
  effectiveAt: string;
  /** effectiveAt − announcedAt, in seconds. */
  leadSeconds: number;
  /** The agreed change notice, in days. */
  requiredNoticeDays: number;
  /** For unannounced schema changes: the catalog's schema version. */
  schemaVersion?: number;
}

const iso = { type: 'string', format: 'date-time' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const base = {
  agreementId: uuid,
  datasetId: uuid,
  providerId: uuid,
  consumerId: uuid,
  occurredAt: iso,
} as const;
const baseRequired = [
  'agreementId',
  'datasetId',
  'providerId',
  'consumerId',
  'occurredAt',
] as const;

const deliverySchema = {
  type: 'object',
  required: [...baseRequired, 'obligationId', 'sequence', 'dueAt', 'graceUntil'],
  additionalProperties: true,
  properties: {
    ...base,
    obligationId: uuid,
    sequence: { type: 'integer', minimum: 1 },
    dueAt: iso,
    graceUntil: iso,
    deliveryId: uuid,
    deliveredAt: iso,
    onTime: { type: 'boolean' },
    latenessSeconds: { type: 'integer', minimum: 0 },
  },
} as const;

const changeSchema = {
  type: 'object',
  required: [
    ...baseRequired,
    'kind',
    'description',
    'announcedAt',
    'effectiveAt',
    'leadSeconds',
    'requiredNoticeDays',
  ],
  additionalProperties: true,
  properties: {
    ...base,
    kind: { enum: ['schema-change', 'outage'] },
    description: { type: 'string' },
    announcedAt: iso,
    effectiveAt: iso,
    leadSeconds: { type: 'integer', minimum: 0 },
    requiredNoticeDays: { type: 'integer', minimum: 0 },
    schemaVersion: { type: 'integer', minimum: 1 },
  },
} as const;

const parties = {
  agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
  datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
  consumerId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
};
const due: DeliveryObligationV1 = {
  ...parties,
  obligationId: 'e4d3c2b1-a0f9-4e8d-9c7b-6a5f4e3d2c1b',
  sequence: 3,
  dueAt: '2026-03-04T00:00:00.000Z',
  graceUntil: '2026-03-04T06:00:00.000Z',
  occurredAt: '2026-03-03T00:00:00.000Z',
};

function delivery<T extends string>(
  type: T,
  description: string,
  example: DeliveryObligationV1,
): EventDefinition<T, DeliveryObligationV1> {
  return defineEvent({
    type,
    version: 1,
    topic: Topics.consentObligation,
    description,
    keyOf: (d: DeliveryObligationV1) => d.agreementId,
    schema: deliverySchema,
    example,
  });
}
function change<T extends string>(
  type: T,
  description: string,
  example: ChangeNoticeV1,
): EventDefinition<T, ChangeNoticeV1> {
  return defineEvent({
    type,
    version: 1,
    topic: Topics.consentObligation,
    description,
    keyOf: (d: ChangeNoticeV1) => d.agreementId,
    schema: changeSchema,
    example,
  });
}

export const DeliveryDueV1 = delivery(
  'consent.obligation.delivery-due',
  'A delivery was scheduled under an active agreement (one evidence unit of reliability).',
  due,
);
export const DeliveryFulfilledV1 = delivery(
  'consent.obligation.delivery-fulfilled',
  'A delivery arrived for a scheduled obligation, on time or late by `latenessSeconds`.',
  {
    ...due,
    deliveryId: 'a3c1f0e2-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    deliveredAt: '2026-03-04T01:30:00.000Z',
    onTime: false,
    latenessSeconds: 5400,
    occurredAt: '2026-03-04T01:30:00.000Z',
  },
);
export const DeliveryMissedV1 = delivery(
  'consent.obligation.delivery-missed',
  'No delivery arrived before the grace period ended.',
  { ...due, occurredAt: '2026-03-04T06:00:00.000Z' },
);
const announced: ChangeNoticeV1 = {
  ...parties,
  kind: 'schema-change',
  description: 'people becomes a number (estimates with decimals)',
  announcedAt: '2026-03-01T09:00:00.000Z',
  effectiveAt: '2026-03-20T00:00:00.000Z',
  leadSeconds: 1609200,
  requiredNoticeDays: 14,
  occurredAt: '2026-03-01T09:00:00.000Z',
};
export const ChangeAnnouncedV1 = change(
  'consent.obligation.change-announced',
  'The provider announced a schema change or outage to the consumer, with its lead time.',
  announced,
);
export const ChangeUnannouncedV1 = change(
  'consent.obligation.change-unannounced',
  'A breaking schema change took effect with less than the agreed notice (a communication breach).',
  {
    ...announced,
    description: 'breaking schema version 2 without notice',
    effectiveAt: '2026-03-01T09:00:00.000Z',
    leadSeconds: 0,
    schemaVersion: 2,
  },
);

export const OBLIGATION_EVENTS = [
  DeliveryDueV1,
  DeliveryFulfilledV1,
  DeliveryMissedV1,
  ChangeAnnouncedV1,
  ChangeUnannouncedV1,
] as const;
