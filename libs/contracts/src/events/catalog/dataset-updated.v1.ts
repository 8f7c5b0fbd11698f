import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleOperator } from './participant-common';
import { datasetChangeSchema, exampleDataset, type DatasetChangeV1 } from './dataset-common';

/** `catalog.dataset.updated` v1. */
export interface DatasetUpdatedV1 extends DatasetChangeV1 {
  /** Names of the metadata fields that changed. */
  changedFields: string[];
}

export const DatasetUpdatedV1 = defineEvent({
  type: 'catalog.dataset.updated',
  version: 1,
  topic: Topics.catalogDataset,
  description: "The provider (or an operator) changed a dataset's metadata.",
  keyOf: (d: DatasetUpdatedV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [...datasetChangeSchema.required, 'changedFields'],
    properties: {
      ...datasetChangeSchema.properties,
      changedFields: { type: 'array', minItems: 1, items: { type: 'string' } },
    },
  },
  example: {
    dataset: { ...exampleDataset, status: 'published' },
    actor: exampleOperator,
    changedFields: ['keywords', 'description'],
  },
});
