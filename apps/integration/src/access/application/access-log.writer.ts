import { Injectable, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordsAccessedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { chainHash, GENESIS, type AccessEntry } from '../domain/access-chain';
import { AccessLogStore } from '../domain/access-log-store';
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
    private readonly store: AccessLogStore<EntityManager>,
  ) {}

  async append(em: EntityManager, read: ReadUnderAgreement): Promise<void> {
    const now = this.clock.now();
    const last = await this.store.lockTail(em);
    const entry: AccessEntry = {
      seq: last ? last.seq + 1 : 1,
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
    await this.store.add(em, { ...entry, prevHash, hash });
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
