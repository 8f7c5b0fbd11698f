import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, type DatasetChangeV1, type RecordSchemaVersionV1 } from '@dx/contracts';
import type { DatasetSchemaFacts } from '../domain/dataset-schema-facts';

export interface DatasetFacts {
  datasetId: string;
  providerId: string;
  providerKind: string;
  title: string;
  status: string;
  sensitivity: string;
  schema: DatasetSchemaFacts & { version: number; subjectField: string | null };
}

/** A `catalog.dataset.v1` payload: the dataset's snapshot, with the schema version it added. */
export type CatalogDatasetEvent = DatasetChangeV1 & {
  schemaVersion?: RecordSchemaVersionV1;
  compatibility?: string;
  unannounced?: boolean;
};

/** The local replica of catalog datasets (fed by catalog.dataset.v1): kept and read. */
@Injectable()
export class DatasetReplica {
  /**
   * Metadata from every event's snapshot (only when newer than what is held, so redelivery or
   * reordering never moves it back) and each record schema version's facts.
   */
  async keep(em: EntityManager, data: CatalogDatasetEvent): Promise<void> {
    const { dataset, schemaVersion } = data;
    await em.query(
      `INSERT INTO consent.datasets (dataset_id, provider_id, provider_kind, title, status, sensitivity, latest_schema_version, catalog_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       -- provider_id is never updated: a dataset does not change hands (catalog has no such move).
       ON CONFLICT (dataset_id) DO UPDATE SET
         provider_kind = EXCLUDED.provider_kind, title = EXCLUDED.title, status = EXCLUDED.status,
         sensitivity = EXCLUDED.sensitivity, latest_schema_version = EXCLUDED.latest_schema_version,
         catalog_version = EXCLUDED.catalog_version, updated_at = EXCLUDED.updated_at
       WHERE consent.datasets.catalog_version < EXCLUDED.catalog_version`,
      [
        dataset.datasetId,
        dataset.providerId,
        dataset.providerKind,
        dataset.title,
        dataset.status,
        dataset.sensitivity,
        dataset.latestSchemaVersion,
        dataset.version,
        dataset.updatedAt,
      ],
    );
    if (schemaVersion) {
      // Only the top-level property names are kept: terms grant whole fields, which is all consent
      // checks; the full schema stays with catalog and integration.
      const properties = Object.keys(
        (schemaVersion.schema.properties as Record<string, unknown> | undefined) ?? {},
      );
      await em.query(
        `INSERT INTO consent.dataset_schema_versions (dataset_id, version, properties, primary_key, subject_field, time_field, effective_at, compatibility, unannounced)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (dataset_id, version) DO NOTHING`,
        // A published version never changes: a redelivered event finds it and leaves it.
        [
          dataset.datasetId,
          schemaVersion.version,
          properties,
          schemaVersion.primaryKey,
          schemaVersion.subjectField ?? null,
          schemaVersion.timeField ?? null,
          schemaVersion.effectiveAt,
          data.compatibility ?? null,
          data.unannounced ?? false,
        ],
      );
    }
  }

  /**
   * The dataset with the schema version in force at `at` (announced versions take effect after
   * their notice; version 1 always is): terms may name only fields that version has, so a request
   * cannot agree on a field its consumer will not receive yet.
   */
  async facts(em: EntityManager, datasetId: string, at: Date): Promise<DatasetFacts | null> {
    const [row] = await em.query<
      Array<{
        dataset_id: string;
        provider_id: string;
        provider_kind: string;
        title: string;
        status: string;
        sensitivity: string;
        version: number;
        properties: string[];
        primary_key: string[];
        subject_field: string | null;
      }>
    >(
      `SELECT d.dataset_id, d.provider_id, d.provider_kind, d.title, d.status, d.sensitivity,
              v.version, v.properties, v.primary_key, v.subject_field
       FROM consent.datasets d
       JOIN LATERAL (
         SELECT * FROM consent.dataset_schema_versions v
         WHERE v.dataset_id = d.dataset_id AND (v.effective_at <= $2 OR v.version = 1)
         ORDER BY v.version DESC LIMIT 1
       ) v ON true
       WHERE d.dataset_id = $1`,
      [datasetId, at],
    );
    if (!row) return null;
    return {
      datasetId: row.dataset_id,
      providerId: row.provider_id,
      providerKind: row.provider_kind,
      title: row.title,
      status: row.status,
      sensitivity: row.sensitivity,
      schema: {
        version: row.version,
        properties: row.properties,
        primaryKey: row.primary_key,
        subjectField: row.subject_field,
      },
    };
  }

  /** The dataset for a new request: known to us and published. */
  async requestable(em: EntityManager, datasetId: string, at: Date): Promise<DatasetFacts> {
    const facts = await this.facts(em, datasetId, at);
    if (!facts || facts.status === 'draft') {
      throw new AppError(
        'unprocessable',
        'AGREEMENT.UNKNOWN_DATASET',
        `dataset ${datasetId} is not in the catalog`,
        [
          {
            path: 'datasetId',
            message: 'no published dataset with this id (new datasets appear within seconds)',
          },
        ],
      );
    }
    if (facts.status !== 'published') {
      throw new AppError(
        'unprocessable',
        'AGREEMENT.DATASET_NOT_AVAILABLE',
        `dataset ${datasetId} is ${facts.status}`,
        [
          {
            path: 'datasetId',
            message: `the dataset is ${facts.status}; it takes no new requests`,
          },
        ],
      );
    }
    return facts;
  }
}
