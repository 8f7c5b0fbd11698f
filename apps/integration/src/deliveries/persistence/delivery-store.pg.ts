import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveryStore, type DeliveryReport } from '../domain/delivery-store';

/** `integration.deliveries`. */
@Injectable()
export class PgDeliveryStore extends DeliveryStore<EntityManager> {
  async add(em: EntityManager, d: DeliveryReport): Promise<void> {
    await em.query(
      `INSERT INTO integration.deliveries (id, dataset_id, provider_id, schema_version, channel, format, status, received, accepted, quarantined, unchanged, quality, reject_reason, received_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        d.deliveryId,
        d.datasetId,
        d.providerId,
        d.schemaVersion,
        d.channel,
        d.format,
        d.status,
        d.counts.received,
        d.counts.accepted,
        d.counts.quarantined,
        d.counts.unchanged,
        JSON.stringify(d.quality),
        d.reason,
        d.receivedAt,
        d.completedAt,
      ],
    );
  }
}
