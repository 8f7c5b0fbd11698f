import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TransferGrant, TransferGrantState } from '../domain/transfer-grant';
import { TransferGrantStore } from '../domain/transfer-grant-store';

interface GrantRow {
  transfer_id: string;
  agreement_id: string;
  consumer_id: string;
  reference: string | null;
  state: TransferGrantState;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const toGrant = (r: GrantRow): TransferGrant => ({
  id: r.transfer_id,
  agreementId: r.agreement_id,
  consumerId: r.consumer_id,
  reference: r.reference,
  state: r.state,
  reason: r.reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS =
  'transfer_id, agreement_id, consumer_id, reference, state, reason, created_at, updated_at';

/** `integration.transfer_grants`. */
@Injectable()
export class PgTransferGrantStore extends TransferGrantStore<EntityManager> {
  async add(em: EntityManager, g: TransferGrant, tokenDigest: Buffer): Promise<void> {
    await em.query(
      `INSERT INTO integration.transfer_grants (${COLUMNS}, token_digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        g.id,
        g.agreementId,
        g.consumerId,
        g.reference,
        g.state,
        g.reason,
        g.createdAt,
        g.updatedAt,
        tokenDigest,
      ],
    );
  }

  async get(em: EntityManager, id: string, forUpdate = false): Promise<TransferGrant | null> {
    const [row] = await em.query<GrantRow[]>(
      `SELECT ${COLUMNS} FROM integration.transfer_grants WHERE transfer_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? toGrant(row) : null;
  }

  async byToken(em: EntityManager, id: string, tokenDigest: Buffer): Promise<TransferGrant | null> {
    const [row] = await em.query<GrantRow[]>(
      `SELECT ${COLUMNS} FROM integration.transfer_grants WHERE transfer_id = $1 AND token_digest = $2`,
      [id, tokenDigest],
    );
    return row ? toGrant(row) : null;
  }

  async save(em: EntityManager, g: TransferGrant): Promise<void> {
    await em.query(
      `UPDATE integration.transfer_grants SET state = $2, reason = $3, updated_at = $4 WHERE transfer_id = $1`,
      [g.id, g.state, g.reason, g.updatedAt],
    );
  }
}
