import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Terms } from '../../agreements/domain/terms';
import { ObligationStore, type Obligation, type OpenObligation } from '../domain/obligation-store';

export interface ObligationRow {
  id: string;
  agreement_id: string;
  dataset_id: string;
  provider_id: string;
  consumer_id: string;
  sequence: number;
  due_at: Date;
  grace_until: Date;
  status: string;
  delivery_id: string | null;
  delivered_at: Date | null;
  lateness_seconds: number | null;
}

export const toObligation = (r: ObligationRow): Obligation => ({
  id: r.id,
  agreementId: r.agreement_id,
  datasetId: r.dataset_id,
  providerId: r.provider_id,
  consumerId: r.consumer_id,
  sequence: r.sequence,
  dueAt: new Date(r.due_at),
  graceUntil: new Date(r.grace_until),
  status: r.status,
  deliveryId: r.delivery_id,
  deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
  latenessSeconds: r.lateness_seconds,
});

const toOpen = (r: ObligationRow & { terms: Terms }): OpenObligation => ({
  ...toObligation(r),
  terms: r.terms,
});

/** `consent.obligations` (with the agreement's current terms where the next one is planned). */
@Injectable()
export class PgObligationStore extends ObligationStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** A whole schedule in one statement (an agreement's activation may plan many deliveries). */
  async addMany(em: EntityManager, obligations: Obligation[], createdAt: Date): Promise<void> {
    if (obligations.length === 0) return;
    await em.query(
      `INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, created_at)
       SELECT r.id, r.agreement_id, r.dataset_id, r.provider_id, r.consumer_id, r.sequence, r.due_at, r.grace_until, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, agreement_id uuid, dataset_id uuid, provider_id uuid, consumer_id uuid, sequence int, due_at timestamptz, grace_until timestamptz)`,
      [
        JSON.stringify(
          obligations.map((o) => ({
            id: o.id,
            agreement_id: o.agreementId,
            dataset_id: o.datasetId,
            provider_id: o.providerId,
            consumer_id: o.consumerId,
            sequence: o.sequence,
            due_at: o.dueAt,
            grace_until: o.graceUntil,
          })),
        ),
        createdAt,
      ],
    );
  }

  /** Only pending ones: what was fulfilled or missed stays as evidence of how the agreement went. */
  async cancelOpen(em: EntityManager, agreementId: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE consent.obligations SET status = 'cancelled', resolved_at = $2 WHERE agreement_id = $1 AND status = 'pending'`,
      [agreementId, at],
    );
  }

  async hasOpen(em: EntityManager, agreementId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM consent.obligations WHERE agreement_id = $1 AND status = 'pending'`,
      [agreementId],
    );
    return rows.length > 0;
  }

  async lastSequence(em: EntityManager, agreementId: string): Promise<number> {
    const [row] = await em.query<Array<{ s: number | null }>>(
      `SELECT max(sequence) AS s FROM consent.obligations WHERE agreement_id = $1`,
      [agreementId],
    );
    return row.s ?? 0;
  }

  /**
   * A cheap look outside any transaction, so the scheduler opens one (and waits for deliveries to
   * settle) only when something is due.
   */
  async anyGraceEnded(by: Date): Promise<boolean> {
    const [{ due }] = await this.dataSource.query<Array<{ due: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM consent.obligations WHERE status = 'pending' AND grace_until <= $1) AS due`,
      [by],
    );
    return due;
  }

  /**
   * The oldest due ones, in bounded batches; SKIP LOCKED lets replicas run the pass side by side,
   * each claiming different obligations, and skips one a delivery is fulfilling right now. The
   * agreement's current terms come along: the next obligation is planned from them.
   */
  async lockGraceEnded(em: EntityManager, by: Date, limit: number): Promise<OpenObligation[]> {
    const rows = await em.query<Array<ObligationRow & { terms: Terms }>>(
      `SELECT o.*, t.terms
       FROM consent.obligations o
       JOIN consent.agreements a ON a.id = o.agreement_id
       JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
       WHERE o.status = 'pending' AND o.grace_until <= $1
       ORDER BY o.grace_until LIMIT $2
       FOR UPDATE OF o SKIP LOCKED`,
      [by, limit],
    );
    return rows.map(toOpen);
  }

  async markMissed(em: EntityManager, ids: string[], at: Date): Promise<void> {
    await em.query(
      `UPDATE consent.obligations SET status = 'missed', resolved_at = $2 WHERE id = ANY($1::uuid[])`,
      [ids, at],
    );
  }

  /**
   * Every pending obligation a delivery could fulfil (one per agreement on the dataset), still
   * within grace at the delivery's time. It waits (no SKIP LOCKED) for a missed-delivery pass
   * holding one and then sees what the pass decided, so no obligation is both missed and fulfilled.
   */
  async lockFulfillable(
    em: EntityManager,
    datasetId: string,
    providerId: string,
    at: Date,
  ): Promise<OpenObligation[]> {
    const rows = await em.query<Array<ObligationRow & { terms: Terms }>>(
      `SELECT o.*, t.terms
       FROM consent.obligations o
       JOIN consent.agreements a ON a.id = o.agreement_id
       JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
       WHERE o.dataset_id = $1 AND o.provider_id = $2 AND o.status = 'pending' AND o.grace_until >= $3
       FOR UPDATE OF o`,
      [datasetId, providerId, at],
    );
    return rows.map(toOpen);
  }

  async markFulfilled(
    em: EntityManager,
    id: string,
    d: { deliveryId: string; deliveredAt: Date; latenessSeconds: number },
  ): Promise<void> {
    await em.query(
      `UPDATE consent.obligations SET status = 'fulfilled', delivery_id = $2, delivered_at = $3, lateness_seconds = $4, resolved_at = $3 WHERE id = $1`,
      [id, d.deliveryId, d.deliveredAt, d.latenessSeconds],
    );
  }
}
