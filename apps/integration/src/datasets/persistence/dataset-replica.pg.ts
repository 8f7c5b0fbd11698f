import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetChangeV1, RecordSchemaVersionV1 } from '@dx/contracts';
import { DatasetReplica } from '../domain/dataset-replica';
import type { DatasetSettings } from '../domain/dataset-settings';
import { loadDatasetSettings } from './dataset-settings.repository';

/** `integration.datasets`, `dataset_schemas` and `dataset_settings`. */
@Injectable()
export class PgDatasetReplica extends DatasetReplica<EntityManager> {
  async keep(
    em: EntityManager,
    data: DatasetChangeV1 & { schemaVersion?: RecordSchemaVersionV1 },
  ): Promise<void> {
    const { dataset, schemaVersion } = data;
    await em.query(
      `INSERT INTO integration.datasets (dataset_id, provider_id, status, sensitivity, update_frequency, catalog_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dataset_id) DO UPDATE SET status = EXCLUDED.status, sensitivity = EXCLUDED.sensitivity,
         update_frequency = EXCLUDED.update_frequency, catalog_version = EXCLUDED.catalog_version, updated_at = EXCLUDED.updated_at
       WHERE integration.datasets.catalog_version < EXCLUDED.catalog_version`,
      [
        dataset.datasetId,
        dataset.providerId,
        dataset.status,
        dataset.sensitivity,
        dataset.updateFrequency,
        dataset.version,
        dataset.updatedAt,
      ],
    );
    if (schemaVersion)
      await em.query(
        `INSERT INTO integration.dataset_schemas (dataset_id, version, schema, primary_key, subject_field, time_field, effective_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dataset_id, version) DO NOTHING`,
        [
          dataset.datasetId,
          schemaVersion.version,
          schemaVersion.schema,
          schemaVersion.primaryKey,
          schemaVersion.subjectField ?? null,
          schemaVersion.timeField ?? null,
          schemaVersion.effectiveAt,
        ],
      );
  }

  async providerOf(em: EntityManager, datasetId: string): Promise<string | null> {
    const [d] = await em.query<Array<{ provider_id: string }>>(
      `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
      [datasetId],
    );
    return d?.provider_id ?? null;
  }

  async fieldsOf(em: EntityManager, datasetIds: string[]): Promise<Map<string, string[]>> {
    const rows = await em.query<Array<{ dataset_id: string; props: string[] }>>(
      `SELECT DISTINCT ON (dataset_id) dataset_id, ARRAY(SELECT jsonb_object_keys(schema->'properties')) AS props
       FROM integration.dataset_schemas WHERE dataset_id = ANY($1::uuid[]) ORDER BY dataset_id, version DESC`,
      [datasetIds],
    );
    return new Map(rows.map((r) => [r.dataset_id, r.props]));
  }

  settingsOf(
    em: EntityManager,
    datasetId: string,
    defaultMinValidity: number,
  ): Promise<DatasetSettings> {
    return loadDatasetSettings(em, datasetId, defaultMinValidity);
  }

  async saveSettings(em: EntityManager, s: DatasetSettings, updatedBy: string): Promise<void> {
    await em.query(
      `INSERT INTO integration.dataset_settings (dataset_id, min_validity, retention_days, cross_source, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (dataset_id) DO UPDATE SET min_validity = EXCLUDED.min_validity, retention_days = EXCLUDED.retention_days,
         cross_source = EXCLUDED.cross_source, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [
        s.datasetId,
        s.minValidity,
        s.retentionDays,
        s.crossSource ? JSON.stringify(s.crossSource) : null,
        updatedBy,
      ],
    );
  }
}
