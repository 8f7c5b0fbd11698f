import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/**
 * `integration.delivery.received` v1: a delivery arrived and was read to its end. It commits with the
 * delivery's outcome (`completed` or `rejected`, same transaction, just before it), so a delivery cut
 * off half-way was never "received"; `receivedAt` is when its first byte arrived, which is what
 * on-time judgements use for large deliveries.
 */
export interface DeliveryReceivedV1 {
  deliveryId: string;
  datasetId: string;
  providerId: string;
  channel: 'rest' | 'kafka';
  format: 'ndjson' | 'json' | 'csv';
  /** Records read from the body. */
  records: number;
  receivedAt: string;
}

export const DeliveryReceivedV1 = defineEvent({
  type: 'integration.delivery.received',
  version: 1,
  topic: Topics.integrationDelivery,
  description:
    'A delivery was read to its end (committed together with its completed or rejected outcome).',
  keyOf: (d: DeliveryReceivedV1) => d.datasetId,
  schema: {
    type: 'object',
    required: [
      'deliveryId',
      'datasetId',
      'providerId',
      'channel',
      'format',
      'records',
      'receivedAt',
    ],
    additionalProperties: true,
    properties: {
      deliveryId: { type: 'string', format: 'uuid' },
      datasetId: { type: 'string', format: 'uuid' },
      providerId: { type: 'string', format: 'uuid' },
      channel: { enum: ['rest', 'kafka'] },
      format: { enum: ['ndjson', 'json', 'csv'] },
      records: { type: 'integer', minimum: 0 },
      receivedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    deliveryId: '3f2b8c1d-9a4e-4f6b-8c2d-1e0f9a8b7c6d',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    channel: 'rest',
    format: 'ndjson',
    records: 1200,
    receivedAt: '2026-03-02T10:00:00.000Z',
  },
});
