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

export interface SchemaDifferenceV1 {
  path: string;
  change: string;
  breaking: boolean;
  message: string;
}

/**
 * `catalog.dataset.schema-version-added` v1: a new record schema version, classified against the
 * previous one. `unannounced` marks a breaking version with less notice than the platform's notice
 * period on a dataset consumers may depend on; the consent service turns it into
 * `consent.obligation.change-unannounced` for every active agreement.
 */
export interface DatasetSchemaVersionAddedV1 extends DatasetChangeV1 {
  schemaVersion: RecordSchemaVersionV1;
  previousVersion: number;
  compatibility: 'compatible' | 'breaking';
  differences: SchemaDifferenceV1[];
  /** effectiveAt − announcedAt, in seconds. */
  noticeSeconds: number;
  /** The notice period that applied, in seconds. */
  requiredNoticeSeconds: number;
  unannounced: boolean;
}

export const DatasetSchemaVersionAddedV1 = defineEvent({
  type: 'catalog.dataset.schema-version-added',
  version: 1,
  topic: Topics.catalogDataset,
  description:
    'A provider added a record schema version: compatible or breaking, with its differences, announcement and effective time.',
  keyOf: (d: DatasetSchemaVersionAddedV1) => d.dataset.datasetId,
  schema: {
    ...datasetChangeSchema,
    required: [
      ...datasetChangeSchema.required,
      'schemaVersion',
      'previousVersion',
      'compatibility',
      'differences',
      'noticeSeconds',
      'requiredNoticeSeconds',
      'unannounced',
    ],
    properties: {
      ...datasetChangeSchema.properties,
      schemaVersion: recordSchemaVersionSchema,
      previousVersion: { type: 'integer', minimum: 1 },
      compatibility: { enum: ['compatible', 'breaking'] },
      differences: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'change', 'breaking', 'message'],
          properties: {
            path: { type: 'string' },
            change: { type: 'string' },
            breaking: { type: 'boolean' },
            message: { type: 'string' },
          },
        },
      },
      noticeSeconds: { type: 'integer', minimum: 0 },
      requiredNoticeSeconds: { type: 'integer', minimum: 0 },
      unannounced: { type: 'boolean' },
    },
  },
  example: {
    dataset: { ...exampleDataset, latestSchemaVersion: 2, version: 3 },
    actor: { subject: exampleDataset.providerId, role: 'participant' },
    schemaVersion: {
      ...exampleRecordSchemaVersion,
      version: 2,
      primaryKey: ['district'],
      schema: {
        ...exampleRecordSchemaVersion.schema,
        properties: {
          district: { type: 'string' },
          hour: { type: 'string', format: 'date-time' },
          people: { type: 'number', minimum: 0 },
        },
      },
      announcedAt: '2026-02-01T09:00:00.000Z',
      effectiveAt: '2026-02-01T09:00:00.000Z',
    },
    previousVersion: 1,
    compatibility: 'breaking',
    differences: [
      {
        path: '/properties/people/type',
        change: 'type-widened',
        breaking: false,
        message: 'now also accepts number',
      },
      {
        path: 'primaryKey',
        change: 'primary-key-changed',
        breaking: true,
        message: 'primary key [district, hour] → [district]',
      },
    ],
    noticeSeconds: 0,
    requiredNoticeSeconds: 1209600,
    unannounced: true,
  },
});
