import { defineResponse, pageSchema } from '@dx/service-kit';
import type { ViewDefinitionView } from '../application/read-view.handler';
import type { ViewRecord } from '../queries/view-rows.queries';
import { AGGREGATE_FNS } from '../domain/view-definition';

const uuid = { type: 'string', format: 'uuid' } as const;
const side = { type: 'string', enum: ['left', 'right'] } as const;

export const ViewDefinitionBody = defineResponse<ViewDefinitionView>()('IntegratedView', {
  schema: {
    type: 'object',
    required: [
      'viewId',
      'ownerId',
      'name',
      'left',
      'right',
      'joinKeys',
      'aggregations',
      'rowCount',
      'refreshedAt',
    ],
    properties: {
      viewId: uuid,
      ownerId: uuid,
      name: { type: 'string' },
      left: {
        type: 'object',
        required: ['datasetId'],
        properties: { datasetId: uuid },
        additionalProperties: false,
      },
      right: {
        type: 'object',
        required: ['datasetId'],
        properties: { datasetId: uuid },
        additionalProperties: false,
      },
      joinKeys: {
        type: 'array',
        items: {
          type: 'object',
          required: ['left', 'right'],
          properties: { left: { type: 'string' }, right: { type: 'string' } },
          additionalProperties: false,
        },
      },
      aggregations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'fn', 'source'],
          properties: {
            name: { type: 'string' },
            fn: { type: 'string', enum: AGGREGATE_FNS },
            source: side,
            field: { type: 'string', description: 'required for every function but count' },
          },
          additionalProperties: false,
        },
      },
      rowCount: { type: 'integer' },
      refreshedAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
});

export const ViewRecordsBody = defineResponse<{
  items: ViewRecord[];
  nextCursor: string | null;
}>()('IntegratedViewPage', {
  schema: pageSchema({
    type: 'object',
    required: ['key', 'aggregates', 'lineage', 'refreshedAt'],
    properties: {
      key: {
        type: 'object',
        additionalProperties: true,
        description: 'the join-key values of this row',
      },
      aggregates: {
        type: 'object',
        additionalProperties: { type: ['number', 'null'] },
        description: 'one member per aggregation, by its name',
      },
      lineage: {
        type: 'array',
        description: 'the source deliveries behind this row',
        items: {
          type: 'object',
          required: ['datasetId', 'deliveryIds'],
          properties: {
            datasetId: uuid,
            deliveryIds: { type: 'array', items: { type: 'string' } },
          },
          additionalProperties: false,
        },
      },
      refreshedAt: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  }),
});
