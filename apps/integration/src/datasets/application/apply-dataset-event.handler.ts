import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetChangeV1, EventEnvelope, RecordSchemaVersionV1 } from '@dx/contracts';

/**
 * Keeps the replica deliveries are validated against: dataset metadata from every event's
 * snapshot (newer catalog versions only) and every record schema version in full.
 */
@Injectable()
export class ApplyDatasetEventHandler {
  async execute(
    em: EntityManager,
    e: EventEnvelope<string, DatasetChangeV1 & { schemaVersion?: RecordSchemaVersionV1 }>,
  ): Promise<void> {
    const { dataset, schemaVersion } = e.data;
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
    if (schemaVersion) {
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
  }
}
