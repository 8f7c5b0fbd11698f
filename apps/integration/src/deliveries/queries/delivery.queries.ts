import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryReport } from '../domain/delivery-store';
import { type RecordError } from '../domain/record-validator';

/** A quarantined record with every error it had. */
export interface QuarantinedRecord {
  line: number;
  /** The record as received (what could be read of it). */
  record: unknown;
  errors: RecordError[];
}

/** Read-side SQL of deliveries: a delivery's report and its quarantine, page by page. */
@Injectable()
export class DeliveryQueries {
  constructor(private readonly dataSource: DataSource) {}

  async report(deliveryId: string): Promise<DeliveryReport | null> {
    const [d] = await this.dataSource.query<
      Array<{
        id: string;
        dataset_id: string;
        provider_id: string;
        schema_version: number;
        channel: DeliveryReport['channel'];
        format: string;
        status: DeliveryReport['status'];
        received: number;
        accepted: number;
        quarantined: number;
        unchanged: number;
        quality: DeliveryReport['quality'];
        reject_reason: string | null;
        received_at: Date;
        completed_at: Date;
      }>
    >(`SELECT * FROM integration.deliveries WHERE id = $1`, [deliveryId]);
    if (!d) return null;
    return {
      deliveryId: d.id,
      datasetId: d.dataset_id,
      providerId: d.provider_id,
      schemaVersion: d.schema_version,
      channel: d.channel,
      format: d.format,
      status: d.status,
      counts: {
        received: d.received,
        accepted: d.accepted,
        quarantined: d.quarantined,
        unchanged: d.unchanged,
      },
      quality: d.quality,
      reason: d.reject_reason,
      receivedAt: d.received_at,
      completedAt: d.completed_at,
    };
  }

  /** Quarantined records after line `afterLine`, one more than `limit` (is there a next page?). */
  quarantine(deliveryId: string, afterLine: number, limit: number): Promise<QuarantinedRecord[]> {
    return this.dataSource.query(
      `SELECT line, record, errors FROM integration.quarantine WHERE delivery_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [deliveryId, afterLine, limit + 1],
    );
  }
}
