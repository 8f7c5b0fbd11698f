import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';

const notFound = (id: string): AppError =>
  new AppError('not_found', 'DELIVERY.NOT_FOUND', `delivery ${id} does not exist`);

/** A delivery with its report (provider, operator, auditor), and its quarantine (provider, operator). */
@Injectable()
export class GetDeliveryHandler {
  constructor(private readonly dataSource: DataSource) {}

  private async visible(
    id: string,
    caller: Principal,
    roles: string[],
  ): Promise<Record<string, unknown>> {
    const [d] = await this.dataSource.query<
      Array<Record<string, unknown> & { provider_id: string }>
    >(`SELECT * FROM integration.deliveries WHERE id = $1`, [id]);
    if (!d) throw notFound(id);
    const mine = caller.roles.includes('participant') && caller.subject === d.provider_id;
    if (!mine && !roles.some((r) => caller.roles.includes(r as never))) throw notFound(id);
    return d;
  }

  async delivery(id: string, caller: Principal): Promise<Record<string, unknown>> {
    const d = await this.visible(id, caller, ['operator', 'auditor']);
    return {
      deliveryId: d.id,
      datasetId: d.dataset_id,
      providerId: d.provider_id,
      schemaVersion: d.schema_version,
      channel: d.channel,
      format: d.format,
      status: d.status,
      ...(d.reject_reason ? { reason: d.reject_reason } : {}),
      counts: {
        received: d.received,
        accepted: d.accepted,
        quarantined: d.quarantined,
        unchanged: d.unchanged,
      },
      quality: d.quality,
      receivedAt: (d.received_at as Date).toISOString(),
      completedAt: (d.completed_at as Date).toISOString(),
    };
  }

  async quarantine(
    id: string,
    caller: Principal,
    limit: number,
    afterLine = 0,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    await this.visible(id, caller, ['operator']);
    const rows = await this.dataSource.query<
      Array<{ line: number; record: unknown; errors: unknown }>
    >(
      `SELECT line, record, errors FROM integration.quarantine WHERE delivery_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [id, afterLine, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page,
      nextCursor: rows.length > limit ? String(page[page.length - 1].line) : null,
    };
  }
}
