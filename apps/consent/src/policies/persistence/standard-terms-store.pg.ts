import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StandardTerms } from '../domain/standard-terms';
import { StandardTermsStore, type StoredStandardTerms } from '../domain/standard-terms-store';

/** `consent.standard_terms`. */
@Injectable()
export class PgStandardTermsStore extends StandardTermsStore<EntityManager> {
  async get(em: EntityManager, datasetId: string): Promise<StoredStandardTerms | null> {
    const [row] = await em.query<
      Array<{
        dataset_id: string;
        provider_id: string;
        terms: StandardTerms;
        version: number;
        updated_at: Date;
      }>
    >(`SELECT * FROM consent.standard_terms WHERE dataset_id = $1`, [datasetId]);
    return row
      ? {
          datasetId: row.dataset_id,
          providerId: row.provider_id,
          terms: row.terms,
          version: row.version,
          updatedAt: row.updated_at,
        }
      : null;
  }

  async lockVersion(em: EntityManager, datasetId: string): Promise<number> {
    const [row] = await em.query<Array<{ version: number }>>(
      `SELECT version FROM consent.standard_terms WHERE dataset_id = $1 FOR UPDATE`,
      [datasetId],
    );
    return row?.version ?? 0;
  }

  async save(em: EntityManager, s: StoredStandardTerms): Promise<void> {
    await em.query(
      `INSERT INTO consent.standard_terms (dataset_id, provider_id, terms, version, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dataset_id) DO UPDATE
         SET terms = EXCLUDED.terms, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [s.datasetId, s.providerId, JSON.stringify(s.terms), s.version, s.updatedAt],
    );
  }

  async offerable(
    em: EntityManager,
    consumerId: string,
    after: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await em.query<Array<{ dataset_id: string }>>(
      `SELECT s.dataset_id FROM consent.standard_terms s
       JOIN consent.datasets d ON d.dataset_id = s.dataset_id
       WHERE d.status = 'published' AND d.provider_id <> $1 AND ($2::uuid IS NULL OR s.dataset_id > $2)
       ORDER BY s.dataset_id LIMIT $3`,
      [consumerId, after, limit],
    );
    return rows.map((r) => r.dataset_id);
  }
}
