import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Negotiation, NegotiationState } from '../domain/negotiation';
import { NegotiationStore } from '../domain/negotiation-store';

interface Row {
  provider_pid: string;
  consumer_pid: string;
  consumer_id: string;
  callback_address: string;
  state: NegotiationState;
  dataset_id: string;
  agreement_id: string | null;
  offer: Record<string, unknown>;
  agreement: Record<string, unknown> | null;
  term_version: number;
  reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toNegotiation = (r: Row): Negotiation => ({
  providerPid: r.provider_pid,
  consumerPid: r.consumer_pid,
  consumerId: r.consumer_id,
  callbackAddress: r.callback_address,
  state: r.state,
  datasetId: r.dataset_id,
  agreementId: r.agreement_id,
  offer: r.offer,
  agreement: r.agreement,
  termVersion: r.term_version,
  reason: r.reason,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** `dsp.negotiations`. */
@Injectable()
export class PgNegotiationStore extends NegotiationStore<EntityManager> {
  async insert(em: EntityManager, n: Negotiation): Promise<void> {
    await em.query(
      `INSERT INTO dsp.negotiations (provider_pid, consumer_pid, consumer_id, callback_address, state,
         dataset_id, agreement_id, offer, agreement, term_version, reason, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        n.providerPid,
        n.consumerPid,
        n.consumerId,
        n.callbackAddress,
        n.state,
        n.datasetId,
        n.agreementId,
        JSON.stringify(n.offer),
        n.agreement ? JSON.stringify(n.agreement) : null,
        n.termVersion,
        n.reason,
        n.version,
        n.createdAt,
        n.updatedAt,
      ],
    );
  }

  async save(em: EntityManager, n: Negotiation, expectedVersion: number): Promise<boolean> {
    const rows = await em.query<Array<{ provider_pid: string }>>(
      // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
      `WITH saved AS (
         UPDATE dsp.negotiations SET state = $2, agreement_id = $3, offer = $4, agreement = $5,
           term_version = $6, reason = $7, version = $8, updated_at = $9
         WHERE provider_pid = $1 AND version = $10 RETURNING provider_pid)
       SELECT provider_pid FROM saved`,
      [
        n.providerPid,
        n.state,
        n.agreementId,
        JSON.stringify(n.offer),
        n.agreement ? JSON.stringify(n.agreement) : null,
        n.termVersion,
        n.reason,
        n.version,
        n.updatedAt,
        expectedVersion,
      ],
    );
    return rows.length === 1;
  }

  private async one(em: EntityManager, where: string, params: unknown[], forUpdate = false) {
    const [row] = await em.query<Row[]>(
      `SELECT * FROM dsp.negotiations WHERE ${where}${forUpdate ? ' FOR UPDATE' : ''}`,
      params,
    );
    return row ? toNegotiation(row) : null;
  }

  byProviderPid(em: EntityManager, providerPid: string, forUpdate = false) {
    return this.one(em, 'provider_pid = $1', [providerPid], forUpdate);
  }

  byConsumerPid(em: EntityManager, consumerId: string, consumerPid: string) {
    return this.one(em, 'consumer_id = $1 AND consumer_pid = $2', [consumerId, consumerPid]);
  }

  byAgreement(em: EntityManager, agreementId: string, forUpdate = false) {
    return this.one(em, 'agreement_id = $1', [agreementId], forUpdate);
  }
}
