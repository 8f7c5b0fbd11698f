import { defineResponse, pageSchema, type ResponseBody } from '@dx/service-kit';
import type { DeliveryView } from '../application/get-delivery.handler';
import type { QuarantinedRecord } from '../queries/delivery.queries';

const share = (description: string) =>
  ({ type: 'number', minimum: 0, maximum: 1, description }) as const;
const shareOrNull = (description: string) =>
  ({ type: ['number', 'null'], minimum: 0, maximum: 1, description }) as const;

const quality = {
  type: 'object',
  description: 'ISO/IEC 25012 characteristics of the delivery, each a share from 0 to 1',
  required: [
    'completeness',
    'validity',
    'uniqueness',
    'consistency',
    'currentness',
    'crossSourceAgreement',
  ],
  properties: {
    completeness: share('required fields present'),
    validity: share('records that passed the record schema'),
    uniqueness: share('records whose primary key is not repeated'),
    consistency: share('timestamps not in the future'),
    currentness: shareOrNull('records within the agreed freshness; null without one'),
    crossSourceAgreement: shareOrNull(
      'agreement with the other source of an integrated view; null without one',
    ),
  },
  additionalProperties: false,
} as const;

const counts = {
  type: 'object',
  required: ['received', 'accepted', 'quarantined', 'unchanged'],
  properties: {
    received: { type: 'integer' },
    accepted: { type: 'integer', description: 'applied (new or changed)' },
    quarantined: { type: 'integer', description: 'refused; see /quarantine' },
    unchanged: { type: 'integer', description: 'identical to the stored record' },
  },
  additionalProperties: false,
} as const;

const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;

export const DeliveryBody = defineResponse<DeliveryView>()('Delivery', {
  schema: {
    type: 'object',
    required: [
      'deliveryId',
      'datasetId',
      'providerId',
      'schemaVersion',
      'channel',
      'format',
      'status',
      'counts',
      'quality',
      'receivedAt',
      'completedAt',
    ],
    properties: {
      deliveryId: { type: 'string' },
      datasetId: uuid,
      providerId: uuid,
      schemaVersion: { type: 'integer' },
      channel: { type: 'string', enum: ['rest', 'kafka'] },
      format: { type: 'string', example: 'ndjson' },
      status: { type: 'string', enum: ['accepted', 'rejected'] },
      counts,
      quality,
      reason: { type: 'string', description: 'why a rejected delivery was refused as a whole' },
      receivedAt: time,
      completedAt: time,
    },
    additionalProperties: false,
  },
});

interface DeliveryReceipt {
  deliveryId: string;
  datasetId: string;
  status: 'accepted' | 'rejected';
  reason?: string;
  schemaVersion: number;
  counts: DeliveryView['counts'];
  quality: DeliveryView['quality'];
  receivedAt: string;
  completedAt: string;
}

export const DeliveryReceiptBody = defineResponse<DeliveryReceipt>()('DeliveryReceipt', {
  schema: {
    type: 'object',
    required: [
      'deliveryId',
      'datasetId',
      'status',
      'schemaVersion',
      'counts',
      'quality',
      'receivedAt',
      'completedAt',
    ],
    properties: {
      deliveryId: { type: 'string' },
      datasetId: uuid,
      status: { type: 'string', enum: ['accepted', 'rejected'] },
      reason: { type: 'string' },
      schemaVersion: { type: 'integer' },
      counts,
      quality,
      receivedAt: time,
      completedAt: time,
    },
    additionalProperties: false,
  },
});

export const QuarantineBody: ResponseBody = defineResponse<{
  items: QuarantinedRecord[];
  nextCursor: string | null;
}>()('QuarantinePage', {
  schema: pageSchema({
    type: 'object',
    required: ['line', 'record', 'errors'],
    properties: {
      line: {
        type: 'integer',
        description: 'line (NDJSON, CSV) or index (JSON array), from 1',
      },
      record: { description: 'the record as received' },
      errors: {
        type: 'array',
        description: 'every JSON path that failed, with its message',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', description: 'JSON pointer; `/` for the record itself' },
            message: { type: 'string' },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  }),
});
