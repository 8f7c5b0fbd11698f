import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DatasetStore,
  type Dataset,
  type Licence,
  type ProviderFacts,
  type ProviderTrust,
  type SchemaVersion,
} from '../domain/dataset';
import {
  DATASET_COLUMNS,
  SCHEMA_VERSION_COLUMNS,
  toDataset,
  toSchemaVersion,
  type DatasetRow,
  type SchemaVersionRow,
} from './dataset-rows';

/** A dataset's columns, as statement parameters $1…$23. */
const datasetValues = (d: Dataset): unknown[] => [
  d.id,
  d.providerId,
  d.title,
  d.description,
  d.themes,
  d.keywords,
  d.licence,
  d.sensitivity,
  d.visibility,
  d.updateFrequency,
  JSON.stringify(d.spatialCoverage),
  JSON.stringify(d.temporalCoverage),
  d.legalBasis,
  d.citizenServices,
  JSON.stringify(d.contactPoint),
  d.status,
  d.statusReason,
  d.latestSchemaVersion,
  d.createdAt,
  d.updatedAt,
  d.publishedAt,
  d.version,
  JSON.stringify(d.translations),
];

/**
 * `catalog.datasets`, `schema_versions` and `licences`; the provider's facts and trust are read
 * from the participants' table and the trust replica (reads across the service's own schema).
 */
@Injectable()
export class PgDatasetStore extends DatasetStore<EntityManager> {
  async add(em: EntityManager, d: Dataset, first: SchemaVersion): Promise<void> {
    await em.query(
      `INSERT INTO catalog.datasets (id, provider_id, title, description, themes, keywords, licence, sensitivity,
              visibility, update_frequency, spatial_coverage, temporal_coverage, legal_basis, citizen_services,
              contact_point, status, status_reason, latest_schema_version, created_at, updated_at, published_at, version,
              translations)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      datasetValues(d),
    );
    await this.addSchemaVersion(em, first);
  }

  /**
   * Loaded for a change: the row lock serialises changes to one dataset (metadata, lifecycle,
   * schema versions), so each gets the next version number and the version check holds.
   */
  async lock(em: EntityManager, id: string): Promise<Dataset | null> {
    const [row] = await em.query<DatasetRow[]>(
      `SELECT ${DATASET_COLUMNS} FROM catalog.datasets WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? toDataset(row) : null;
  }

  async find(em: EntityManager, id: string): Promise<Dataset | null> {
    const [row] = await em.query<DatasetRow[]>(
      `SELECT ${DATASET_COLUMNS} FROM catalog.datasets WHERE id = $1`,
      [id],
    );
    return row ? toDataset(row) : null;
  }

  async save(em: EntityManager, d: Dataset): Promise<void> {
    // The same parameters as the insert; provider ($2) and creation time ($19) never change, so
    // setting them writes what is there.
    await em.query(
      `UPDATE catalog.datasets SET title = $3, description = $4, themes = $5, keywords = $6, licence = $7,
              sensitivity = $8, visibility = $9, update_frequency = $10, spatial_coverage = $11,
              temporal_coverage = $12, legal_basis = $13, citizen_services = $14, contact_point = $15,
              status = $16, status_reason = $17, latest_schema_version = $18, updated_at = $20,
              published_at = $21, version = $22, translations = $23, provider_id = $2, created_at = $19
       WHERE id = $1`,
      datasetValues(d),
    );
  }

  /** Schema versions are never updated: consumers were promised exactly what each one says. */
  async addSchemaVersion(em: EntityManager, v: SchemaVersion): Promise<void> {
    await em.query(
      `INSERT INTO catalog.schema_versions (dataset_id, version, schema, primary_key, subject_field, time_field,
              geo_field, compatibility, differences, announced_at, effective_at, notice_seconds, unannounced, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        v.datasetId,
        v.version,
        JSON.stringify(v.schema),
        v.primaryKey,
        v.subjectField,
        v.timeField,
        v.geoField,
        v.compatibility,
        JSON.stringify(v.differences),
        v.announcedAt,
        v.effectiveAt,
        v.noticeSeconds,
        v.unannounced,
        v.createdBy,
      ],
    );
  }

  async schemaVersion(
    em: EntityManager,
    datasetId: string,
    version: number,
  ): Promise<SchemaVersion | null> {
    const [row] = await em.query<SchemaVersionRow[]>(
      `SELECT ${SCHEMA_VERSION_COLUMNS} FROM catalog.schema_versions WHERE dataset_id = $1 AND version = $2`,
      [datasetId, version],
    );
    return row ? toSchemaVersion(row) : null;
  }

  /**
   * The newest version whose notice has run out at `at`: a version announced for later is not in
   * force yet, and deliveries until then follow the one before it.
   */
  async schemaInForce(em: EntityManager, datasetId: string, at: Date): Promise<SchemaVersion> {
    const [row] = await em.query<SchemaVersionRow[]>(
      `SELECT ${SCHEMA_VERSION_COLUMNS} FROM catalog.schema_versions
       WHERE dataset_id = $1 AND (effective_at <= $2 OR version = 1) ORDER BY version DESC LIMIT 1`,
      [datasetId, at],
    );
    // Version 1 is written with the dataset, in the same transaction: it is always there.
    if (!row) throw new Error(`dataset ${datasetId} has no schema version`);
    return toSchemaVersion(row);
  }

  async schemaVersions(em: EntityManager, datasetId: string): Promise<SchemaVersion[]> {
    const rows = await em.query<SchemaVersionRow[]>(
      `SELECT ${SCHEMA_VERSION_COLUMNS} FROM catalog.schema_versions WHERE dataset_id = $1 ORDER BY version`,
      [datasetId],
    );
    return rows.map(toSchemaVersion);
  }

  async licenceExists(em: EntityManager, code: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(`SELECT 1 FROM catalog.licences WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }

  licences(em: EntityManager): Promise<Licence[]> {
    return em.query<Licence[]>(`SELECT code, title, uri, open FROM catalog.licences ORDER BY code`);
  }

  /** Only a registered, active participant may publish; its kind shows on the dataset. */
  async provider(em: EntityManager, participantId: string): Promise<ProviderFacts | null> {
    const [p] = await em.query<ProviderFacts[]>(
      `SELECT id, name, kind, status FROM catalog.participants WHERE id = $1`,
      [participantId],
    );
    return p ?? null;
  }

  /**
   * The provider's trust as the catalog's replica of `trust.score.v1` holds it (no call to the
   * trust service on the request path); null before its first score.
   */
  async providerTrust(em: EntityManager, participantId: string): Promise<ProviderTrust | null> {
    const [t] = await em.query<Array<{ tier: ProviderTrust['tier']; lower_bound: number }>>(
      `SELECT tier, lower_bound FROM catalog.participant_trust WHERE participant_id = $1 AND role = 'provider'`,
      [participantId],
    );
    return t ? { tier: t.tier, lowerBound: t.lower_bound } : null;
  }
}
