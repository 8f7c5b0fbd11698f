import { defineResponse } from '@dx/service-kit';
import type { TransferView } from '../application/transfer-view';

const uuid = { type: 'string', format: 'uuid' } as const;
const time = { type: 'string', format: 'date-time' } as const;

const transferProperties = {
  id: uuid,
  agreementId: uuid,
  reference: { type: ['string', 'null'] },
  state: { type: 'string', enum: ['STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] },
  reason: { type: ['string', 'null'] },
  endpoint: {
    type: 'string',
    format: 'uri',
    description: 'GET it with `Authorization: Bearer <token>` while the transfer is STARTED',
  },
  createdAt: time,
  updatedAt: time,
} as const;
const required = [
  'id',
  'agreementId',
  'reference',
  'state',
  'reason',
  'endpoint',
  'createdAt',
  'updatedAt',
] as const;

export const TransferBody = defineResponse<TransferView>()('Transfer', {
  schema: { type: 'object', required, properties: transferProperties, additionalProperties: false },
});

export const OpenedTransferBody = defineResponse<TransferView & { token: string }>()(
  'OpenedTransfer',
  {
    schema: {
      type: 'object',
      required: [...required, 'token'] as const,
      properties: {
        ...transferProperties,
        token: {
          type: 'string',
          description: 'the grant token, shown only in this answer (the platform keeps its digest)',
        },
      },
      additionalProperties: false,
    },
  },
);
