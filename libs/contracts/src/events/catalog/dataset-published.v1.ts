import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleOperator } from './participant-common';
import { datasetChangeSchema, exampleDataset, type DatasetChangeV1 } from './dataset-common';

/** `catalog.dataset.published` v1. */
export type DatasetPublishedV1 = DatasetChangeV1;

export const DatasetPublishedV1 = defineEvent({
  type: 'catalog.dataset.published',
  version: 1,
  topic: Topics.catalogDataset,
  description: 'A dataset became visible to participants (and, if public, in the DCAT-AP export).',
  keyOf: (d: DatasetPublishedV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [...datasetChangeSchema.required],
    properties: {
      ...datasetChangeSchema.properties,
    },
  },
  example: {
    dataset: { ...exampleDataset, status: 'published' },
    actor: exampleOperator,
  },
});
