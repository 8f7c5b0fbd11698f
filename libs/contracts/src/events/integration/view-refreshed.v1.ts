import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';

/** What made an integrated view refresh. */
export type ViewRefreshTrigger =
  | { kind: 'created' }
  | { kind: 'delivery'; datasetId: string; deliveryId: string }
  | { kind: 'consent'; datasetId: string; subjectId: string }
  | { kind: 'erasure'; datasetId: string; subjectId: string }
  | { kind: 'retention'; datasetId: string };

/**
 * `integration.view.refreshed` v1: an integrated view's rows were recomputed for the join keys a
 * change touched, in the same transaction as the change (a delivery, a consent withdrawal, an
 * erasure, a retention purge). Emitted only when at least one row changed, or when it was created.
 */
export interface ViewRefreshedV1 {
  viewId: string;
  ownerId: string;
  leftDatasetId: string;
  rightDatasetId: string;
  trigger: ViewRefreshTrigger;
  /** Join-key values recomputed. */
  keysRefreshed: number;
  rowsUpserted: number;
  rowsRemoved: number;
  /** Rows in the view afterwards. */
  rowCount: number;
  refreshedAt: string;
}

export const ViewRefreshedV1 = defineEvent({
  type: 'integration.view.refreshed',
  version: 1,
  topic: Topics.integrationView,
  description:
    'An integrated view over two datasets was refreshed incrementally (rows changed for the touched join keys).',
  keyOf: (d: ViewRefreshedV1) => d.viewId,
  schema: {
    type: 'object',
    required: [
      'viewId',
      'ownerId',
      'leftDatasetId',
      'rightDatasetId',
      'trigger',
      'keysRefreshed',
      'rowsUpserted',
      'rowsRemoved',
      'rowCount',
      'refreshedAt',
    ],
    additionalProperties: true,
    properties: {
      viewId: { type: 'string', format: 'uuid' },
      ownerId: { type: 'string', format: 'uuid' },
      leftDatasetId: { type: 'string', format: 'uuid' },
      rightDatasetId: { type: 'string', format: 'uuid' },
      // One shape per kind, as ViewRefreshTrigger says (the schema once allowed any mix).
      trigger: {
        oneOf: [
          { type: 'object', required: ['kind'], properties: { kind: { const: 'created' } } },
          {
            type: 'object',
            required: ['kind', 'datasetId', 'deliveryId'],
            properties: {
              kind: { const: 'delivery' },
              datasetId: { type: 'string', format: 'uuid' },
              deliveryId: { type: 'string', format: 'uuid' },
            },
          },
          {
            type: 'object',
            required: ['kind', 'datasetId', 'subjectId'],
            properties: {
              kind: { enum: ['consent', 'erasure'] },
              datasetId: { type: 'string', format: 'uuid' },
              subjectId: { type: 'string' },
            },
          },
          {
            type: 'object',
            required: ['kind', 'datasetId'],
            properties: {
              kind: { const: 'retention' },
              datasetId: { type: 'string', format: 'uuid' },
            },
          },
        ],
      },
      keysRefreshed: { type: 'integer', minimum: 0 },
      rowsUpserted: { type: 'integer', minimum: 0 },
      rowsRemoved: { type: 'integer', minimum: 0 },
      rowCount: { type: 'integer', minimum: 0 },
      refreshedAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    viewId: '5a1c2e3f-4b5d-4c6e-8f7a-9b0c1d2e3f4a',
    ownerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    leftDatasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    rightDatasetId: '2d1f0e9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f',
    trigger: {
      kind: 'delivery',
      datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      deliveryId: '3f2b8c1d-9a4e-4f6b-8c2d-1e0f9a8b7c6d',
    },
    keysRefreshed: 3,
    rowsUpserted: 2,
    rowsRemoved: 0,
    rowCount: 8,
    refreshedAt: '2026-03-02T10:00:05.000Z',
  },
});
