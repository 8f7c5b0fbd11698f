import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetChangeV1, EventEnvelope, RecordSchemaVersionV1 } from '@dx/contracts';

/**
 * Keeps the dataset replica: metadata from every event's snapshot (only when newer than what is
 * held, so redelivery or reordering never moves it back) and each record schema version's facts.
 */
@Injectable()
export class ApplyDatasetEventHandler {
  async execute(
    em: EntityManager,
    e: EventEnvelope<
      string,
      DatasetChangeV1 & {
        schemaVersion?: RecordSchemaVersionV1;
        compatibility?: string;
        unannounced?: boolean;
      }
    >,
  ): Promise<void> {
    const { dataset, schemaVersion } = e.data;
    await em.query(
      `INSERT INTO consent.datasets (dataset_id, provider_id, provider_kind, title, status, sensitivity, latest_schema_version, catalog_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
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
      const properties = Object.keys(
        (schemaVersion.schema.properties as Record<string, unknown> | undefined) ?? {},
      );
      await em.query(
        `INSERT INTO consent.dataset_schema_versions (dataset_id, version, properties, primary_key, subject_field, time_field, effective_at, compatibility, unannounced)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (dataset_id, version) DO NOTHING`,
        [
          dataset.datasetId,
          schemaVersion.version,
          properties,
          schemaVersion.primaryKey,
          schemaVersion.subjectField ?? null,
          schemaVersion.timeField ?? null,
          schemaVersion.effectiveAt,
          e.data.compatibility ?? null,
          e.data.unannounced ?? false,
        ],
      );
    }
  }
}
