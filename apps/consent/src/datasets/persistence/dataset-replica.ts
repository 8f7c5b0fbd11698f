import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
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

/** Reads the local replica of catalog datasets (fed by catalog.dataset.v1). */
@Injectable()
export class DatasetReplica {
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
