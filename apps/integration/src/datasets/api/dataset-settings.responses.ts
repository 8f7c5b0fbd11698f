import { defineResponse } from '@dx/service-kit';
import type { DatasetSettings } from '../domain/dataset-settings';

const fieldPair = {
  type: 'object',
  required: ['field', 'otherField'],
  properties: { field: { type: 'string' }, otherField: { type: 'string' } },
  additionalProperties: false,
} as const;

export const DatasetSettingsBody = defineResponse<DatasetSettings>()('DatasetSettings', {
  schema: {
    type: 'object',
    required: ['datasetId', 'minValidity', 'retentionDays', 'crossSource'],
    properties: {
      datasetId: { type: 'string', format: 'uuid' },
      minValidity: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'a delivery with a smaller valid share is rejected as a whole',
      },
      retentionDays: {
        type: ['integer', 'null'],
        description: 'superseded record versions are purged after this; null keeps them',
      },
      crossSource: {
        type: ['object', 'null'],
        description: 'the overlapping source that cross-source agreement is measured against',
        required: ['datasetId', 'match', 'compare'],
        properties: {
          datasetId: { type: 'string', format: 'uuid' },
          match: { type: 'array', items: fieldPair },
          compare: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'otherField'],
              properties: {
                field: { type: 'string' },
                otherField: { type: 'string' },
                tolerance: { type: 'number' },
                relative: { type: 'boolean' },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
});
