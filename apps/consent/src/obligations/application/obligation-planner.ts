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
import { ObligationStore, type Obligation } from '../domain/obligation-store';

export function obligationEvent<T extends string>(
  def: EventDefinition<T, DeliveryObligationV1>,
  o: Obligation,
  at: Date,
  extra: Partial<DeliveryObligationV1> = {},
): EventEnvelope {
  return def.envelope(
    {
      agreementId: o.agreementId,
      datasetId: o.datasetId,
      providerId: o.providerId,
      consumerId: o.consumerId,
      obligationId: o.id,
      sequence: o.sequence,
      dueAt: o.dueAt.toISOString(),
      graceUntil: o.graceUntil.toISOString(),
      occurredAt: at.toISOString(),
      ...extra,
    },
    { source: 'consent', subject: o.agreementId, time: at },
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
  constructor(private readonly obligations: ObligationStore<EntityManager>) {}

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
    const rows: Obligation[] = items
      .filter((x): x is typeof x & { planned: PlannedObligation } => x.planned !== null)
      .map(({ agreement: a, planned }) => ({
        id: randomUUID(),
        agreementId: a.id,
        datasetId: a.datasetId,
        providerId: a.providerId,
        consumerId: a.consumerId,
        sequence: planned.sequence,
        dueAt: planned.dueAt,
        graceUntil: planned.graceUntil,
        status: 'pending',
        deliveryId: null,
        deliveredAt: null,
        latenessSeconds: null,
      }));
    if (rows.length === 0) return [];
    await this.obligations.addMany(em, rows, now);
    return rows.map((row) => obligationEvent(DeliveryDueV1, row, now));
  }

  /** The next obligation after `sequence`, from `at` on. */
  next(terms: Terms, sequence: number, at: Date): PlannedObligation | null {
    return planFrom(terms, at, sequence);
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
        await this.obligations.cancelOpen(em, a.id, now);
      }
    }
    const running = a.state === 'ACTIVE' || a.state === 'NOTICE_GIVEN';
    const opened = a.pending.some(
      (t) => t.event === 'consent.agreement.activated' || t.event === 'consent.agreement.resumed',
    );
    if (running && opened) {
      if (!(await this.obligations.hasOpen(em, a.id))) {
        const terms = a.current!.terms;
        // From activation the first slot; after a suspension the first slot from now on.
        events.push(
          ...(await this.open(
            em,
            a,
            this.next(terms, await this.obligations.lastSequence(em, a.id), now),
            now,
          )),
        );
      }
    }
    return events;
  }
}
