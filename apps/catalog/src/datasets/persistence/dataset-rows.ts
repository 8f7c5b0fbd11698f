import type { Dataset, SchemaVersion } from '../domain/dataset';

/** The columns a dataset is read with (never `search`, the generated full-text column). */
export const DATASET_COLUMNS = `id, provider_id, title, description, themes, keywords, licence, sensitivity, visibility,
  update_frequency, spatial_coverage, temporal_coverage, legal_basis, citizen_services, contact_point, status,
  status_reason, latest_schema_version, created_at, updated_at, published_at, version, translations`;

export const SCHEMA_VERSION_COLUMNS = `dataset_id, version, schema, primary_key, subject_field, time_field, geo_field,
  compatibility, differences, announced_at, effective_at, notice_seconds, unannounced, created_by`;

/*
 * Rows as pg returns them (snake_case columns, jsonb already parsed) and their mapping to the domain
 * model. The model knows nothing of the column layout: these two mappers are the only place that
 * knows both, so a renamed column changes one file.
 */
export interface DatasetRow {
  id: string;
  provider_id: string;
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  translations: Dataset['translations'];
  licence: string;
  sensitivity: Dataset['sensitivity'];
  visibility: Dataset['visibility'];
  update_frequency: string;
  spatial_coverage: Dataset['spatialCoverage'];
  temporal_coverage: Dataset['temporalCoverage'];
  legal_basis: string;
  citizen_services: string[];
  contact_point: Dataset['contactPoint'];
  status: Dataset['status'];
  status_reason: string | null;
  latest_schema_version: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  version: number;
}

export interface SchemaVersionRow {
  dataset_id: string;
  version: number;
  schema: Record<string, unknown>;
  primary_key: string[];
  subject_field: string | null;
  time_field: string | null;
  geo_field: string | null;
  compatibility: SchemaVersion['compatibility'];
  differences: SchemaVersion['differences'];
  announced_at: Date;
  effective_at: Date;
  notice_seconds: number;
  unannounced: boolean;
  created_by: string;
}

export const toDataset = (r: DatasetRow): Dataset => ({
  id: r.id,
  providerId: r.provider_id,
  title: r.title,
  description: r.description,
  themes: r.themes,
  keywords: r.keywords,
  translations: r.translations,
  licence: r.licence,
  sensitivity: r.sensitivity,
  visibility: r.visibility,
  updateFrequency: r.update_frequency,
  spatialCoverage: r.spatial_coverage,
  temporalCoverage: r.temporal_coverage,
  legalBasis: r.legal_basis,
  citizenServices: r.citizen_services,
  contactPoint: r.contact_point,
  status: r.status,
  statusReason: r.status_reason,
  latestSchemaVersion: r.latest_schema_version,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  publishedAt: r.published_at ? new Date(r.published_at) : null,
  version: r.version,
});

export const toSchemaVersion = (r: SchemaVersionRow): SchemaVersion => ({
  datasetId: r.dataset_id,
  version: r.version,
  schema: r.schema,
  primaryKey: r.primary_key,
  subjectField: r.subject_field,
  timeField: r.time_field,
  geoField: r.geo_field,
  compatibility: r.compatibility,
  differences: r.differences,
  announcedAt: new Date(r.announced_at),
  effectiveAt: new Date(r.effective_at),
  noticeSeconds: r.notice_seconds,
  unannounced: r.unannounced,
  createdBy: r.created_by,
});
