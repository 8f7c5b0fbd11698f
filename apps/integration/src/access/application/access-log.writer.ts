import { Injectable, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordsAccessedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { chainHash, GENESIS, type AccessEntry } from '../domain/access-chain';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface ReadUnderAgreement {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  purpose: string;
  fields: string[];
  reader: string;
  filters: Record<string, unknown>;
  rows: number;
  withheldRows: number;
}

/**
 * Appends one read to the hash-chained access log and emits `records-accessed`, in the caller's
 * transaction. One chain for the whole platform: appends are serialised by a transaction-scoped
 * advisory lock, so each entry's `prev_hash` is the entry before it.
 */
@Injectable()
export class AccessLogWriter {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async append(em: EntityManager, read: ReadUnderAgreement): Promise<void> {
    const now = this.clock.now();
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('integration.access_log'))`);
    const [last] = await em.query<Array<{ seq: string; hash: string }>>(
      `SELECT seq, hash FROM integration.access_log ORDER BY seq DESC LIMIT 1`,
    );
    const entry: AccessEntry = {
      seq: last ? Number(last.seq) + 1 : 1,
      agreementId: read.agreementId,
      datasetId: read.datasetId,
      providerId: read.providerId,
      consumerId: read.consumerId,
      reader: read.reader,
      purpose: read.purpose,
      filters: read.filters,
      rows: read.rows,
      at: now.toISOString(),
    };
    const prevHash = last?.hash ?? GENESIS;
    const hash = chainHash(prevHash, entry);
    await em.query(
      `INSERT INTO integration.access_log (seq, agreement_id, dataset_id, provider_id, consumer_id, reader, purpose, filters, rows, at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        entry.seq,
        entry.agreementId,
        entry.datasetId,
        entry.providerId,
        entry.consumerId,
        entry.reader,
        entry.purpose,
        JSON.stringify(entry.filters),
        entry.rows,
        now,
        prevHash,
        hash,
      ],
    );
    await this.outbox.append(
      em,
      RecordsAccessedV1.envelope(
        {
          agreementId: read.agreementId,
          datasetId: read.datasetId,
          providerId: read.providerId,
          consumerId: read.consumerId,
          purpose: read.purpose,
          fields: read.fields,
          rows: read.rows,
          withheldRows: read.withheldRows,
          logSeq: entry.seq,
          logHash: hash,
          occurredAt: entry.at,
        },
        { source: 'integration', subject: read.agreementId, time: now },
      ),
    );
  }
}
