import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import { exampleOperator } from './participant-common';
import { datasetChangeSchema, exampleDataset, type DatasetChangeV1 } from './dataset-common';

/** `catalog.dataset.deprecated` v1. */
export interface DatasetDeprecatedV1 extends DatasetChangeV1 {
  /** Why, in the provider's words. */
  reason: string;
}

export const DatasetDeprecatedV1 = defineEvent({
  type: 'catalog.dataset.deprecated',
  version: 1,
  topic: Topics.catalogDataset,
  description:
    'The provider deprecated a dataset: it still delivers, but consumers should move on.',
  keyOf: (d: DatasetDeprecatedV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [...datasetChangeSchema.required, 'reason'],
    properties: {
      ...datasetChangeSchema.properties,
      reason: { type: 'string', minLength: 1, maxLength: 1000 },
    },
  },
  example: {
    dataset: { ...exampleDataset, status: 'deprecated' },
    actor: exampleOperator,
    reason: 'replaced by the 15-minute dataset (synthetic)',
  },
});
