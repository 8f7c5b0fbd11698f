import type {
  DatasetTranslationV1,
  MetadataLanguageV1,
  ParticipantKind,
  TrustTier,
} from '@dx/contracts';
import type { DatasetStatus } from './dataset-lifecycle';
import type { Sensitivity, Visibility } from './dataset-metadata';
import type { Compatibility, SchemaDifference } from './schema-diff';

export interface SpatialCoverage {
  name: string;
  uri?: string;
  bbox?: number[];
}

export interface TemporalCoverage {
  start: string;
  end?: string;
}

/** Title, description and keywords in Kazakh and/or Russian (the dataset's own are English). */
export type Translations = Partial<Record<MetadataLanguageV1, DatasetTranslationV1>>;

export interface ContactPoint {
  name: string;
  email: string;
}

/** A dataset's metadata and lifecycle. `version` is the aggregate version (the ETag). */
export interface Dataset {
  id: string;
  providerId: string;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  translations: Translations;
  licence: string;
  sensitivity: Sensitivity;
  visibility: Visibility;
  updateFrequency: string;
  spatialCoverage: SpatialCoverage;
  temporalCoverage: TemporalCoverage;
  legalBasis: string;
  citizenServices: string[];
  contactPoint: ContactPoint;
  status: DatasetStatus;
  statusReason: string | null;
  latestSchemaVersion: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  version: number;
}

/** One version of a dataset's record schema, with how it differs from the one before. */
export interface SchemaVersion {
  datasetId: string;
  version: number;
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField: string | null;
  timeField: string | null;
  geoField: string | null;
  /** Null for version 1 (nothing to compare with). */
  compatibility: Compatibility | null;
  differences: SchemaDifference[];
  announcedAt: Date;
  effectiveAt: Date;
  noticeSeconds: number;
  unannounced: boolean;
  createdBy: string;
}

export interface Licence {
  code: string;
  title: string;
  uri: string;
  open: boolean;
}

/** What a dataset shows of its provider. */
export interface ProviderFacts {
  id: string;
  name: string;
  kind: ParticipantKind;
  status: string;
}

export interface ProviderTrust {
  tier: TrustTier;
  lowerBound: number;
}

/** Datasets, their schema versions and licences. `Tx` is the caller's transaction. */
export abstract class DatasetStore<Tx> {
  abstract add(tx: Tx, d: Dataset, first: SchemaVersion): Promise<void>;
  /** Loads with a row lock (changes to one dataset serialise); null when there is none. */
  abstract lock(tx: Tx, id: string): Promise<Dataset | null>;
  /** Stores every field of the dataset as it now is (the version set by the caller). */
  abstract save(tx: Tx, d: Dataset): Promise<void>;
  abstract find(tx: Tx, id: string): Promise<Dataset | null>;
  abstract addSchemaVersion(tx: Tx, v: SchemaVersion): Promise<void>;
  abstract schemaVersion(tx: Tx, datasetId: string, version: number): Promise<SchemaVersion | null>;
  /** The version in force at `at`: the highest whose effective time has come (version 1 always has). */
  abstract schemaInForce(tx: Tx, datasetId: string, at: Date): Promise<SchemaVersion>;
  abstract schemaVersions(tx: Tx, datasetId: string): Promise<SchemaVersion[]>;
  abstract licenceExists(tx: Tx, code: string): Promise<boolean>;
  abstract licences(tx: Tx): Promise<Licence[]>;
  abstract provider(tx: Tx, participantId: string): Promise<ProviderFacts | null>;
  /** The provider's trust as the catalog's replica holds it; null before any score arrived. */
  abstract providerTrust(tx: Tx, participantId: string): Promise<ProviderTrust | null>;
}
