import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Transfer, TransferState } from '../domain/transfer';
import { TransferStore } from '../domain/transfer-store';

interface Row {
  provider_pid: string;
  consumer_pid: string;
  consumer_id: string;
  callback_address: string;
  agreement_id: string;
  state: TransferState;
  grant_id: string | null;
  reason: string | null;
  suspended_by: Transfer['suspendedBy'];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toTransfer = (r: Row): Transfer => ({
  providerPid: r.provider_pid,
  consumerPid: r.consumer_pid,
  consumerId: r.consumer_id,
  callbackAddress: r.callback_address,
  agreementId: r.agreement_id,
  state: r.state,
  grantId: r.grant_id,
  reason: r.reason,
  suspendedBy: r.suspended_by,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** `dsp.transfers`. */
@Injectable()
export class PgTransferStore extends TransferStore<EntityManager> {
  async insert(em: EntityManager, t: Transfer): Promise<void> {
    await em.query(
      `INSERT INTO dsp.transfers (provider_pid, consumer_pid, consumer_id, callback_address, agreement_id,
         state, grant_id, reason, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        t.providerPid,
        t.consumerPid,
        t.consumerId,
        t.callbackAddress,
        t.agreementId,
        t.state,
        t.grantId,
        t.reason,
        t.version,
        t.createdAt,
        t.updatedAt,
      ],
    );
  }

  async save(em: EntityManager, t: Transfer, expectedVersion: number): Promise<boolean> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    const rows = await em.query<Array<{ provider_pid: string }>>(
      `WITH saved AS (
         UPDATE dsp.transfers SET state = $2, grant_id = $3, reason = $4, version = $5, updated_at = $6,
           suspended_by = $8
         WHERE provider_pid = $1 AND version = $7 RETURNING provider_pid)
       SELECT provider_pid FROM saved`,
      [
        t.providerPid,
        t.state,
        t.grantId,
        t.reason,
        t.version,
        t.updatedAt,
        expectedVersion,
        t.suspendedBy,
      ],
    );
    return rows.length === 1;
  }

  async byProviderPid(em: EntityManager, providerPid: string, forUpdate = false) {
    const [row] = await em.query<Row[]>(
      `SELECT * FROM dsp.transfers WHERE provider_pid = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [providerPid],
    );
    return row ? toTransfer(row) : null;
  }

  async liveUnderAgreement(em: EntityManager, agreementId: string): Promise<Transfer[]> {
    const rows = await em.query<Row[]>(
      `SELECT * FROM dsp.transfers
       WHERE agreement_id = $1 AND state IN ('REQUESTED', 'STARTED', 'SUSPENDED')
       ORDER BY created_at, provider_pid FOR UPDATE`,
      [agreementId],
    );
    return rows.map(toTransfer);
  }

  async byConsumerPid(em: EntityManager, consumerId: string, consumerPid: string) {
    const [row] = await em.query<Row[]>(
      `SELECT * FROM dsp.transfers WHERE consumer_id = $1 AND consumer_pid = $2`,
      [consumerId, consumerPid],
    );
    return row ? toTransfer(row) : null;
  }
}
