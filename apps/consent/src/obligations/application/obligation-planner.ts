import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  DeliveryDueV1,
  type DeliveryObligationV1,
  type EventDefinition,
  type EventEnvelope,
} from '@dx/contracts';
import type { Agreement } from '../../agreements/domain/agreement';
import type { Terms } from '../../agreements/domain/terms';
import { planFrom, type PlannedObligation } from '../domain/delivery-schedule';
import type { AgreementFollowUp } from '../../agreements/application/ports';

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

export function obligationEvent<T extends string>(
  def: EventDefinition<T, DeliveryObligationV1>,
  o: ObligationRow,
  at: Date,
  extra: Partial<DeliveryObligationV1> = {},
): EventEnvelope {
  return def.envelope(
    {
      agreementId: o.agreement_id,
      datasetId: o.dataset_id,
      providerId: o.provider_id,
      consumerId: o.consumer_id,
      obligationId: o.id,
      sequence: o.sequence,
      dueAt: o.due_at.toISOString(),
      graceUntil: o.grace_until.toISOString(),
      occurredAt: at.toISOString(),
      ...extra,
    },
    { source: 'consent', subject: o.agreement_id, time: at },
  );
}

/**
 * Keeps each running agreement's delivery schedule: exactly one open obligation while it is
 * ACTIVE or under notice. Activation opens the first, a resolved obligation opens the next, a
 * suspension cancels the open one (nothing is owed while access is suspended) and resumption
 * opens the next slot from then; termination and expiry cancel what is open.
 */
@Injectable()
export class ObligationPlanner implements AgreementFollowUp {
  /** Opens obligation `planned` (emits delivery-due). Returns its event, or none past validTo. */
  open(
    em: EntityManager,
    a: { id: string; datasetId: string; providerId: string; consumerId: string },
    planned: PlannedObligation | null,
    now: Date,
  ): Promise<EventEnvelope[]> {
    return this.openMany(em, [{ agreement: a, planned }], now);
  }

  /** Opens many obligations with one INSERT (the scheduler resolves them in batches). */
  async openMany(
    em: EntityManager,
    items: Array<{
      agreement: { id: string; datasetId: string; providerId: string; consumerId: string };
      planned: PlannedObligation | null;
    }>,
    now: Date,
  ): Promise<EventEnvelope[]> {
    const rows: ObligationRow[] = items
      .filter((x): x is typeof x & { planned: PlannedObligation } => x.planned !== null)
      .map(({ agreement: a, planned }) => ({
        id: randomUUID(),
        agreement_id: a.id,
        dataset_id: a.datasetId,
        provider_id: a.providerId,
        consumer_id: a.consumerId,
        sequence: planned.sequence,
        due_at: planned.dueAt,
        grace_until: planned.graceUntil,
        status: 'pending',
        delivery_id: null,
        delivered_at: null,
        lateness_seconds: null,
      }));
    if (rows.length === 0) return [];
    await em.query(
      `INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, created_at)
       SELECT r.id, r.agreement_id, r.dataset_id, r.provider_id, r.consumer_id, r.sequence, r.due_at, r.grace_until, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, agreement_id uuid, dataset_id uuid, provider_id uuid, consumer_id uuid, sequence int, due_at timestamptz, grace_until timestamptz)`,
      [JSON.stringify(rows), now],
    );
    return rows.map((row) => obligationEvent(DeliveryDueV1, row, now));
  }

  /** The next obligation after `sequence`, from `at` on. */
  next(terms: Terms, sequence: number, at: Date): PlannedObligation | null {
    return planFrom(terms, at, sequence);
  }

  private async lastSequence(em: EntityManager, agreementId: string): Promise<number> {
    const [row] = await em.query<Array<{ s: number | null }>>(
      `SELECT max(sequence) AS s FROM consent.obligations WHERE agreement_id = $1`,
      [agreementId],
    );
    return row.s ?? 0;
  }

  /** Reacts to the transitions an agreement just went through (same transaction). */
  async afterTransitions(em: EntityManager, a: Agreement, now: Date): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    for (const t of a.pending) {
      if (
        t.event === 'consent.agreement.suspended' ||
        t.event === 'consent.agreement.terminated' ||
        t.event === 'consent.agreement.expired'
      ) {
        await em.query(
          `UPDATE consent.obligations SET status = 'cancelled', resolved_at = $2 WHERE agreement_id = $1 AND status = 'pending'`,
          [a.id, now],
        );
      }
    }
    const running = a.state === 'ACTIVE' || a.state === 'NOTICE_GIVEN';
    const opened = a.pending.some(
      (t) => t.event === 'consent.agreement.activated' || t.event === 'consent.agreement.resumed',
    );
    if (running && opened) {
      const [open] = await em.query<unknown[]>(
        `SELECT 1 FROM consent.obligations WHERE agreement_id = $1 AND status = 'pending'`,
        [a.id],
      );
      if (!open) {
        const terms = a.current!.terms;
        // From activation the first slot; after a suspension the first slot from now on.
        events.push(
          ...(await this.open(
            em,
            a,
            this.next(terms, await this.lastSequence(em, a.id), now),
            now,
          )),
        );
      }
    }
    return events;
  }
}
