import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveryFulfilledV1, type DeliveryCompletedV1, type EventEnvelope } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { planObligation, resolveDelivery } from '../domain/delivery-schedule';
import { ObligationStore } from '../domain/obligation-store';
import { ObligationPlanner, obligationEvent } from './obligation-planner';

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
    private readonly obligations: ObligationStore<EntityManager>,
  ) {}

  async execute(em: EntityManager, e: EventEnvelope<string, DeliveryCompletedV1>): Promise<void> {
    const d = e.data;
    const deliveredAt = new Date(d.receivedAt);
    const open = await this.obligations.lockFulfillable(em, d.datasetId, d.providerId, deliveredAt);
    const events: EventEnvelope[] = [];
    for (const o of open) {
      const r = resolveDelivery(o, deliveredAt);
      await this.obligations.markFulfilled(em, o.id, {
        deliveryId: d.deliveryId,
        deliveredAt,
        latenessSeconds: r.latenessSeconds,
      });
      events.push(
        obligationEvent(DeliveryFulfilledV1, o, deliveredAt, {
          deliveryId: d.deliveryId,
          deliveredAt: deliveredAt.toISOString(),
          ...r,
        }),
      );
      const parties = {
        id: o.agreementId,
        datasetId: o.datasetId,
        providerId: o.providerId,
        consumerId: o.consumerId,
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
