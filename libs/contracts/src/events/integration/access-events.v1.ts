import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/**
 * `integration.access.*` v1 (key: agreement id): every governed read of records, and every refusal.
 * Each read is also an entry of the hash-chained access log (`logSeq`, `logHash`).
 */
export interface RecordsAccessedV1 {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  purpose: string;
  /** Fields the consumer received (the agreed projection). */
  fields: string[];
  rows: number;
  /** Rows withheld because their subject withdrew consent. */
  withheldRows: number;
  logSeq: number;
  logHash: string;
  occurredAt: string;
}

export interface AccessDeniedV1 {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  /** Who asked (participant id or client id). */
  requester: string;
  reason: string;
  agreementState: string;
  occurredAt: string;
}

const uuid = { type: 'string', format: 'uuid' } as const;
const iso = { type: 'string', format: 'date-time' } as const;

export const RecordsAccessedV1 = defineEvent({
  type: 'integration.access.records-accessed',
  version: 1,
  topic: Topics.integrationAccess,
  description:
    'A consumer read records under an active agreement (projected, consent-filtered, logged).',
  keyOf: (d: RecordsAccessedV1) => d.agreementId,
  schema: {
    type: 'object',
    required: [
      'agreementId',
      'datasetId',
      'providerId',
      'consumerId',
      'purpose',
      'fields',
      'rows',
      'withheldRows',
      'logSeq',
      'logHash',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      agreementId: uuid,
      datasetId: uuid,
      providerId: uuid,
      consumerId: uuid,
      purpose: { type: 'string' },
      fields: { type: 'array', items: { type: 'string' } },
      rows: { type: 'integer', minimum: 0 },
      withheldRows: { type: 'integer', minimum: 0 },
      logSeq: { type: 'integer', minimum: 1 },
      logHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      occurredAt: iso,
    },
  },
  example: {
    agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    consumerId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    purpose: 'urban-planning',
    fields: ['district', 'hour', 'people'],
    rows: 500,
    withheldRows: 2,
    logSeq: 1042,
    logHash: '9f2c6a1e0b7d4c3a8e5f1d2b6c9a0e7f3b4d5c6a7e8f9012a3b4c5d6e7f80912',
    occurredAt: '2026-03-05T08:00:00.000Z',
  },
});

export const AccessDeniedV1 = defineEvent({
  type: 'integration.access.access-denied',
  version: 1,
  topic: Topics.integrationAccess,
  description: 'A read was refused (agreement not active, or the requester is not its consumer).',
  keyOf: (d: AccessDeniedV1) => d.agreementId,
  schema: {
    type: 'object',
    required: [
      'agreementId',
      'datasetId',
      'providerId',
      'consumerId',
      'requester',
      'reason',
      'agreementState',
      'occurredAt',
    ],
    additionalProperties: true,
    properties: {
      agreementId: uuid,
      datasetId: uuid,
      providerId: uuid,
      consumerId: uuid,
      requester: { type: 'string', minLength: 1 },
      reason: { type: 'string', minLength: 1 },
      agreementState: { type: 'string' },
      occurredAt: iso,
    },
  },
  example: {
    agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    consumerId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    requester: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
    reason: 'the agreement is SUSPENDED: quality review',
    agreementState: 'SUSPENDED',
    occurredAt: '2026-03-06T08:00:00.000Z',
  },
});

export const ACCESS_EVENTS = [RecordsAccessedV1, AccessDeniedV1] as const;
