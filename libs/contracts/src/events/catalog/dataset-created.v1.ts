import { defineEvent } from '../../event-definition';
import { Topics } from '../../topics';
import {
  datasetChangeSchema,
  exampleDataset,
  exampleRecordSchemaVersion,
  recordSchemaVersionSchema,
  type DatasetChangeV1,
  type RecordSchemaVersionV1,
} from './dataset-common';

/**
 * `catalog.dataset.created` v1: a participant created a dataset as a draft, with its first record
 * schema. Added to the starting design's event list (docs/adr/2026-11-26-catalog-datasets.md) so that a
 * replica built from the topic sees every schema version, the first one included.
 */
export interface DatasetCreatedV1 extends DatasetChangeV1 {
  schemaVersion: RecordSchemaVersionV1;
}

export const DatasetCreatedV1 = defineEvent({
  type: 'catalog.dataset.created',
  version: 1,
  topic: Topics.catalogDataset,
  description:
    'A participant created a dataset (status draft) with its first record schema version.',
  keyOf: (d: DatasetCreatedV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [...datasetChangeSchema.required, 'schemaVersion'],
    properties: { ...datasetChangeSchema.properties, schemaVersion: recordSchemaVersionSchema },
  },
  example: {
    dataset: { ...exampleDataset, status: 'draft', version: 1 },
    actor: { subject: exampleDataset.providerId, role: 'participant' },
    schemaVersion: exampleRecordSchemaVersion,
  },
});
