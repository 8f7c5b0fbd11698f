import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DeliveryFulfilledV1,
  type AgreementTermsV1,
  type DeliveryCompletedV1,
  type EventEnvelope,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { planObligation, resolveDelivery } from '../domain/delivery-schedule';
import { ObligationPlanner, obligationEvent, type ObligationRow } from './obligation-planner';

/**
 * A completed delivery fulfils the open obligation of every running agreement on its dataset (the
 * same delivery serves all consumers), on time or late by how much, and opens the next obligation.
 * A delivery after the grace period finds the obligation already missed and fulfils the next one.
 */
@Injectable()
export class RecordDeliveryHandler {
  constructor(
    private readonly planner: ObligationPlanner,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(em: EntityManager, e: EventEnvelope<string, DeliveryCompletedV1>): Promise<void> {
    const d = e.data;
    const deliveredAt = new Date(d.receivedAt);
    const open = await em.query<Array<ObligationRow & { terms: AgreementTermsV1 }>>(
      `SELECT o.*, t.terms
       FROM consent.obligations o
       JOIN consent.agreements a ON a.id = o.agreement_id
       JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
       WHERE o.dataset_id = $1 AND o.provider_id = $2 AND o.status = 'pending' AND o.grace_until >= $3
       FOR UPDATE OF o`,
      [d.datasetId, d.providerId, deliveredAt],
    );
    const events: EventEnvelope[] = [];
    for (const o of open) {
      const r = resolveDelivery({ dueAt: o.due_at }, deliveredAt);
      await em.query(
        `UPDATE consent.obligations SET status = 'fulfilled', delivery_id = $2, delivered_at = $3, lateness_seconds = $4, resolved_at = $3 WHERE id = $1`,
        [o.id, d.deliveryId, deliveredAt, r.latenessSeconds],
      );
      events.push(
        obligationEvent(DeliveryFulfilledV1, o, deliveredAt, {
          deliveryId: d.deliveryId,
          deliveredAt: deliveredAt.toISOString(),
          ...r,
        }),
      );
      const parties = {
        id: o.agreement_id,
        datasetId: o.dataset_id,
        providerId: o.provider_id,
        consumerId: o.consumer_id,
      };
      events.push(
        ...(await this.planner.open(
          em,
          parties,
          planObligation(o.terms, o.sequence + 1),
          deliveredAt,
        )),
      );
    }
    await this.outbox.appendAll(em, events);
  }
}
