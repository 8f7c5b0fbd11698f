import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleOperator } from './participant-common';
import { datasetChangeSchema, exampleDataset, type DatasetChangeV1 } from './dataset-common';

/** `catalog.dataset.withdrawn` v1. */
export interface DatasetWithdrawnV1 extends DatasetChangeV1 {
  reason: string;
}

export const DatasetWithdrawnV1 = defineEvent({
  type: 'catalog.dataset.withdrawn',
  version: 1,
  topic: Topics.catalogDataset,
  description: 'A dataset was withdrawn: no further deliveries; agreements on it cannot continue.',
  keyOf: (d: DatasetWithdrawnV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [...datasetChangeSchema.required, 'reason'],
    properties: {
      ...datasetChangeSchema.properties,
      reason: { type: 'string', minLength: 1, maxLength: 1000 },
    },
  },
  example: {
    dataset: { ...exampleDataset, status: 'withdrawn' },
    actor: exampleOperator,
    reason: 'source system decommissioned (synthetic)',
  },
});
