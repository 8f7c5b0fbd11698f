import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetChangeV1, RecordSchemaVersionV1 } from '@dx/contracts';
import { DatasetReplica, type DeliveryTarget } from '../domain/dataset-replica';
import { defaultSettings, type DatasetSettings } from '../domain/dataset-settings';

/** `integration.datasets`, `dataset_schemas` and `dataset_settings`. */
@Injectable()
export class PgDatasetReplica extends DatasetReplica<EntityManager> {
  /**
   * The catalog's versions decide: metadata is replaced only by a newer version (events may come
   * again or out of order after a rebalance), and a schema version, immutable in the catalog, is
   * stored once.
   */
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

  async propertiesOf(
    em: EntityManager,
    datasetIds: string[],
  ): Promise<Map<string, Record<string, { type?: string | string[] } | undefined>>> {
    const rows = await em.query<
      Array<{ dataset_id: string; props: Record<string, { type?: string | string[] }> }>
    >(
      `SELECT DISTINCT ON (dataset_id) dataset_id, coalesce(schema->'properties', '{}') AS props
       FROM integration.dataset_schemas WHERE dataset_id = ANY($1::uuid[]) ORDER BY dataset_id, version DESC`,
      [datasetIds],
    );
    return new Map(rows.map((r) => [r.dataset_id, r.props]));
  }

  /**
   * A schema version takes effect at its `effectiveAt` (the notice agreed with consumers), so a
   * delivery is validated against the newest version in effect when it arrives; version 1 has no
   * earlier one to fall back to and is always in effect.
   */
  async deliveryTarget(
    em: EntityManager,
    datasetId: string,
    at: Date,
  ): Promise<DeliveryTarget | null> {
    const [row] = await em.query<
      Array<{
        provider_id: string;
        status: string;
        version: number;
        schema: Record<string, unknown>;
        primary_key: string[];
        subject_field: string | null;
        time_field: string | null;
      }>
    >(
      `SELECT d.provider_id, d.status, s.version, s.schema, s.primary_key, s.subject_field, s.time_field
       FROM integration.datasets d
       JOIN LATERAL (SELECT * FROM integration.dataset_schemas s WHERE s.dataset_id = d.dataset_id AND (s.effective_at <= $2 OR s.version = 1)
                     ORDER BY s.version DESC LIMIT 1) s ON true
       WHERE d.dataset_id = $1`,
      [datasetId, at],
    );
    if (!row) return null;
    return {
      providerId: row.provider_id,
      status: row.status,
      schemaVersion: row.version,
      schema: row.schema,
      primaryKey: row.primary_key,
      subjectField: row.subject_field,
      timeField: row.time_field,
    };
  }

  async subjectFieldOf(em: EntityManager, datasetId: string): Promise<string | null> {
    const [row] = await em.query<Array<{ subject_field: string | null }>>(
      `SELECT subject_field FROM integration.dataset_schemas WHERE dataset_id = $1 ORDER BY version DESC LIMIT 1`,
      [datasetId],
    );
    return row?.subject_field ?? null;
  }

  async withRetention(
    em: EntityManager,
  ): Promise<Array<{ datasetId: string; retentionDays: number }>> {
    return em.query(
      `SELECT dataset_id AS "datasetId", retention_days AS "retentionDays" FROM integration.dataset_settings
       WHERE retention_days IS NOT NULL ORDER BY dataset_id`,
    );
  }

  /** The settings row, or the deployment's defaults for a dataset whose provider set none. */
  async settingsOf(
    em: EntityManager,
    datasetId: string,
    defaultMinValidity: number,
  ): Promise<DatasetSettings> {
    const [row] = await em.query<
      Array<{
        min_validity: string;
        retention_days: number | null;
        cross_source: DatasetSettings['crossSource'];
      }>
    >(
      `SELECT min_validity, retention_days, cross_source FROM integration.dataset_settings WHERE dataset_id = $1`,
      [datasetId],
    );
    if (!row) return defaultSettings(datasetId, defaultMinValidity);
    return {
      datasetId,
      minValidity: Number(row.min_validity),
      retentionDays: row.retention_days,
      crossSource: row.cross_source,
    };
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
