import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DeliveryMissedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { SERVICE_CONFIG, CLOCK, type Clock } from '@dx/service-kit';
import type { ConsentConfig } from '../../config/consent.config';
import { planObligation } from '../domain/delivery-schedule';
import { DELIVERY_WATERMARK, type DeliveryWatermark } from './delivery-watermark';
import { ObligationStore } from '../domain/obligation-store';
import { ObligationPlanner, obligationEvent } from './obligation-planner';

/**
 * Marks obligations whose grace period has ended without a delivery as missed and opens the next
 * one, for one batch claimed with `FOR UPDATE SKIP LOCKED` (replicas share the work).
 *
 * Facts are ordered by their own time: an obligation is declared missed only when every delivery
 * that could have fulfilled it has been seen — every delivery event published up to
 * DELIVERY_SETTLE_MS before now is consumed (the watermark), and its grace ended at least
 * DELIVERY_SETTLE_MS before that (the time a delivery may take from integration's commit to the
 * topic). Otherwise the pass waits; the delivery, when consumed, fulfils the obligation it belongs to.
 */
@Injectable()
export class DetectMissedDeliveriesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly planner: ObligationPlanner,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DELIVERY_WATERMARK) private readonly watermark: DeliveryWatermark,
    @Inject(SERVICE_CONFIG) private readonly config: ConsentConfig,
    private readonly obligations: ObligationStore<EntityManager>,
  ) {}

  async execute(batch: number): Promise<number> {
    const now = this.clock.now();
    const settle = this.config.DELIVERY_SETTLE_MS;
    const cutoff = new Date(now.getTime() - settle);
    const due = await this.obligations.anyGraceEnded(new Date(cutoff.getTime() - settle));
    if (!due || !(await this.watermark.consumedUpTo(cutoff))) return 0;
    return this.markMissed(batch, new Date(cutoff.getTime() - settle), now);
  }

  private markMissed(batch: number, graceEndedBy: Date, now: Date): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const due = await this.obligations.lockGraceEnded(em, graceEndedBy, batch);
      if (due.length === 0) return 0;
      // One statement per kind of write for the whole batch: this is the scheduler's hot path.
      await this.obligations.markMissed(
        em,
        due.map((o) => o.id),
        now,
      );
      const next = await this.planner.openMany(
        em,
        due.map((o) => ({
          agreement: {
            id: o.agreementId,
            datasetId: o.datasetId,
            providerId: o.providerId,
            consumerId: o.consumerId,
          },
          planned: planObligation(o.terms, o.sequence + 1),
        })),
        now,
      );
      await this.outbox.appendAll(em, [
        ...due.map((o) => obligationEvent(DeliveryMissedV1, o, o.graceUntil)),
        ...next,
      ]);
      return due.length;
    });
  }
}
