import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessLogStore, type ChainedEntry } from '../domain/access-log-store';

/** `integration.access_log`; appends serialise on a transaction-scoped advisory lock. */
@Injectable()
export class PgAccessLogStore extends AccessLogStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async lockTail(em: EntityManager): Promise<{ seq: number; hash: string } | null> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('integration.access_log'))`);
    const [last] = await em.query<Array<{ seq: string; hash: string }>>(
      `SELECT seq, hash FROM integration.access_log ORDER BY seq DESC LIMIT 1`,
    );
    return last ? { seq: Number(last.seq), hash: last.hash } : null;
  }

  async add(em: EntityManager, e: ChainedEntry): Promise<void> {
    await em.query(
      `INSERT INTO integration.access_log (seq, agreement_id, dataset_id, provider_id, consumer_id, reader, purpose, filters, rows, at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        e.seq,
        e.agreementId,
        e.datasetId,
        e.providerId,
        e.consumerId,
        e.reader,
        e.purpose,
        JSON.stringify(e.filters),
        e.rows,
        e.at,
        e.prevHash,
        e.hash,
      ],
    );
  }

  async all(): Promise<ChainedEntry[]> {
    const rows = await this.dataSource.query<
      Array<{
        seq: string;
        agreement_id: string;
        dataset_id: string;
        provider_id: string;
        consumer_id: string;
        reader: string;
        purpose: string;
        filters: Record<string, unknown>;
        rows: number;
        at: Date;
        prev_hash: string;
        hash: string;
      }>
    >(`SELECT * FROM integration.access_log ORDER BY seq`);
    return rows.map((r) => ({
      seq: Number(r.seq),
      agreementId: r.agreement_id,
      datasetId: r.dataset_id,
      providerId: r.provider_id,
      consumerId: r.consumer_id,
      reader: r.reader,
      purpose: r.purpose,
      filters: r.filters,
      rows: r.rows,
      at: new Date(r.at).toISOString(),
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
