import { actorSchema, type ActorV1 } from './participant-common';

export type DatasetStatusV1 = 'draft' | 'published' | 'deprecated' | 'withdrawn';
export type SensitivityV1 =
  'public' | 'internal' | 'confidential' | 'personal-aggregated' | 'personal';

/** The languages, besides English, a dataset's descriptive metadata may be given in. */
export const METADATA_LANGUAGES = ['kk', 'ru'] as const;
export type MetadataLanguageV1 = (typeof METADATA_LANGUAGES)[number];

/** A dataset's title, description and keywords in one more language. */
export interface DatasetTranslationV1 {
  title: string;
  description: string;
  keywords?: string[];
}

/**
 * A dataset's metadata as every `catalog.dataset.*` event carries it (event-carried state
 * transfer): a consumer keeps its replica from any one event, without calling the catalog.
 */
export interface DatasetSnapshotV1 {
  datasetId: string;
  providerId: string;
  providerKind: 'municipality' | 'business' | 'ngo';
  title: string;
  description: string;
  /** EU data-theme codes, e.g. `TRAN`. */
  themes: string[];
  keywords: string[];
  /**
   * Title, description and keywords in Kazakh and Russian, where the provider gave them (the fields
   * above are English). Absent on events recorded before translations existed.
   */
  translations?: Partial<Record<MetadataLanguageV1, DatasetTranslationV1>>;
  /** Code from the catalog's licence list, e.g. `CC-BY-4.0`. */
  licence: string;
  sensitivity: SensitivityV1;
  visibility: 'public' | 'participants';
  /** ISO-8601 duration, e.g. `PT1H`. */
  updateFrequency: string;
  spatialCoverage: { name: string; uri?: string; bbox?: number[] };
  temporalCoverage: { start: string; end?: string };
  legalBasis: string;
  citizenServices: string[];
  contactPoint: { name: string; email: string };
  status: DatasetStatusV1;
  /** Highest schema version number (it may take effect later). */
  latestSchemaVersion: number;
  /** Aggregate version; increases with every change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One version of a dataset's record schema. */
export interface RecordSchemaVersionV1 {
  version: number;
  /** JSON Schema 2020-12 object schema. */
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField?: string;
  timeField?: string;
  geoField?: string;
  announcedAt: string;
  effectiveAt: string;
}

export interface DatasetChangeV1 {
  dataset: DatasetSnapshotV1;
  actor: ActorV1;
}

const isoTime = { type: 'string', format: 'date-time' } as const;

const translationSchema = {
  type: 'object',
  required: ['title', 'description'],
  properties: {
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    keywords: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const datasetSnapshotSchema = {
  type: 'object',
  required: [
    'datasetId',
    'providerId',
    'providerKind',
    'title',
    'description',
    'themes',
    'keywords',
    'licence',
    'sensitivity',
    'visibility',
    'updateFrequency',
    'spatialCoverage',
    'temporalCoverage',
    'legalBasis',
    'citizenServices',
    'contactPoint',
    'status',
    'latestSchemaVersion',
    'version',
    'createdAt',
    'updatedAt',
  ],
  additionalProperties: true,
  properties: {
    datasetId: { type: 'string', format: 'uuid' },
    providerId: { type: 'string', format: 'uuid' },
    providerKind: { enum: ['municipality', 'business', 'ngo'] },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    themes: { type: 'array', items: { type: 'string' } },
    keywords: { type: 'array', items: { type: 'string' } },
    translations: {
      type: 'object',
      additionalProperties: false,
      properties: { kk: translationSchema, ru: translationSchema },
    },
    licence: { type: 'string' },
    sensitivity: {
      enum: ['public', 'internal', 'confidential', 'personal-aggregated', 'personal'],
    },
    visibility: { enum: ['public', 'participants'] },
    updateFrequency: { type: 'string', pattern: '^P' },
    spatialCoverage: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        uri: { type: 'string' },
        bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
      },
    },
    temporalCoverage: {
      type: 'object',
      required: ['start'],
      properties: {
        start: { type: 'string', format: 'date' },
        end: { type: 'string', format: 'date' },
      },
    },
    legalBasis: { type: 'string' },
    citizenServices: { type: 'array', items: { type: 'string' } },
    contactPoint: {
      type: 'object',
      required: ['name', 'email'],
      properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
    },
    status: { enum: ['draft', 'published', 'deprecated', 'withdrawn'] },
    latestSchemaVersion: { type: 'integer', minimum: 1 },
    version: { type: 'integer', minimum: 1 },
    createdAt: isoTime,
    updatedAt: isoTime,
  },
} as const;

export const recordSchemaVersionSchema = {
  type: 'object',
  required: ['version', 'schema', 'primaryKey', 'announcedAt', 'effectiveAt'],
  additionalProperties: true,
  properties: {
    version: { type: 'integer', minimum: 1 },
    schema: { type: 'object' },
    primaryKey: { type: 'array', minItems: 1, items: { type: 'string' } },
    subjectField: { type: 'string' },
    timeField: { type: 'string' },
    geoField: { type: 'string' },
    announcedAt: isoTime,
    effectiveAt: isoTime,
  },
} as const;

export const datasetChangeSchema = {
  type: 'object',
  required: ['dataset', 'actor'],
  additionalProperties: true,
  properties: { dataset: datasetSnapshotSchema, actor: actorSchema },
} as const;

export const exampleDataset: DatasetSnapshotV1 = {
  datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
  providerKind: 'business',
  title: 'Population presence by district, hourly (synthetic)',
  description:
    'Estimated number of people present in each Almaty district per hour, from network events.',
  themes: ['SOCI', 'REGI'],
  keywords: ['population', 'mobility', 'district'],
  translations: {
    kk: {
      title: 'Аудандар бойынша халықтың болуы, сағат сайын (синтетикалық)',
      description:
        'Желі оқиғалары бойынша Алматының әр ауданындағы сағат сайынғы адамдар санының бағасы.',
      keywords: ['халық', 'ұтқырлық', 'аудан'],
    },
    ru: {
      title: 'Присутствие населения по районам, почасово (синтетические)',
      description: 'Оценка числа людей в каждом районе Алматы за час по событиям сети связи.',
      keywords: ['население', 'мобильность', 'район'],
    },
  },
  licence: 'CC-BY-4.0',
  sensitivity: 'personal-aggregated',
  visibility: 'public',
  updateFrequency: 'PT1H',
  spatialCoverage: {
    name: 'Almaty',
    uri: 'https://www.geonames.org/1526384',
    bbox: [76.75, 43.1, 77.15, 43.4],
  },
  temporalCoverage: { start: '2024-01-01' },
  legalBasis: 'Voluntary data-sharing agreement under the city data charter',
  citizenServices: ['public-transport-planning'],
  contactPoint: { name: 'Data office (synthetic)', email: 'data@telecom.example' },
  status: 'published',
  latestSchemaVersion: 1,
  version: 2,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-01-12T09:00:00.000Z',
};

export const exampleRecordSchemaVersion: RecordSchemaVersionV1 = {
  version: 1,
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['district', 'hour', 'people'],
    properties: {
      district: { type: 'string' },
      hour: { type: 'string', format: 'date-time' },
      people: { type: 'integer', minimum: 0 },
    },
  },
  primaryKey: ['district', 'hour'],
  timeField: 'hour',
  announcedAt: '2026-01-10T09:00:00.000Z',
  effectiveAt: '2026-01-10T09:00:00.000Z',
};
