import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/**
 * `integration.records.erased` v1 (key: dataset id): the platform erased stored rows of a dataset —
 * a subject's rows on an erasure request, or rows past the dataset's retention. Counts only; the
 * erased content is gone from the record store, its history and quarantine.
 */
export interface RecordsErasedV1 {
  datasetId: string;
  providerId: string;
  reason: 'erasure-request' | 'retention';
  /** The consent request it answers (erasure-request). */
  requestId?: string;
  subjectId?: string;
  /** Rows older than this were erased (retention). */
  cutoff?: string;
  /** Record rows erased, current and history. */
  rowsErased: number;
  /** Quarantined records erased. */
  quarantineErased: number;
  erasedAt: string;
}

export const RecordsErasedV1 = defineEvent({
  type: 'integration.records.erased',
  version: 1,
  topic: Topics.integrationDelivery,
  description:
    "Stored rows of a dataset were erased: a subject's rows on request, or rows past retention.",
  keyOf: (d: RecordsErasedV1) => d.datasetId,
  schema: {
    type: 'object',
    required: ['datasetId', 'providerId', 'reason', 'rowsErased', 'quarantineErased', 'erasedAt'],
    additionalProperties: true,
    properties: {
      datasetId: { type: 'string', format: 'uuid' },
      providerId: { type: 'string', format: 'uuid' },
      reason: { enum: ['erasure-request', 'retention'] },
      requestId: { type: 'string', format: 'uuid' },
      subjectId: { type: 'string' },
      cutoff: { type: 'string', format: 'date-time' },
      rowsErased: { type: 'integer', minimum: 0 },
      quarantineErased: { type: 'integer', minimum: 0 },
      erasedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    reason: 'erasure-request',
    requestId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6',
    subjectId: 'subj-7f3a9c1e',
    rowsErased: 14,
    quarantineErased: 1,
    erasedAt: '2026-06-02T09:00:02.000Z',
  },
});
