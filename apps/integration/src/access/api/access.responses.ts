import { defineResponse, pageSchema } from '@dx/service-kit';
import type { AccessLogEntry } from '../queries/access.queries';

const uuid = { type: 'string', format: 'uuid' } as const;
export const RecordsPageBody = defineResponse<{
  items: Array<Record<string, unknown>>;
  nextCursor: string | null;
}>()('RecordPage', {
  schema: pageSchema({
    type: 'object',
    additionalProperties: true,
    description:
      "a current record holding only the agreement's fields (the dataset's record schema describes them)",
  }),
});

export const AccessLogPageBody = defineResponse<{
  items: AccessLogEntry[];
  nextCursor: string | null;
}>()('AccessLogPage', {
  schema: pageSchema({
    type: 'object',
    required: [
      'seq',
      'agreementId',
      'datasetId',
      'providerId',
      'consumerId',
      'reader',
      'purpose',
      'filters',
      'rows',
      'at',
      'prevHash',
      'hash',
    ],
    properties: {
      seq: { type: 'integer', description: 'position in the hash chain' },
      agreementId: uuid,
      datasetId: uuid,
      providerId: uuid,
      consumerId: uuid,
      reader: { type: 'string' },
      purpose: { type: 'string' },
      filters: { description: 'the query that was answered (since, field filters)' },
      rows: { type: 'integer', description: 'records returned' },
      at: { type: 'string', format: 'date-time' },
      prevHash: { type: 'string' },
      hash: { type: 'string', description: 'SHA-256 over this entry and prevHash' },
    },
    additionalProperties: false,
  }),
});

export const ChainVerificationBody = defineResponse<{
  entries: number;
  intact: boolean;
  firstBrokenLink: { seq: number; reason: string } | null;
}>()('AccessLogVerification', {
  schema: {
    type: 'object',
    required: ['entries', 'intact', 'firstBrokenLink'],
    properties: {
      entries: { type: 'integer' },
      intact: { type: 'boolean' },
      firstBrokenLink: {
        type: ['object', 'null'],
        required: ['seq', 'reason'],
        properties: { seq: { type: 'integer' }, reason: { type: 'string' } },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
});
