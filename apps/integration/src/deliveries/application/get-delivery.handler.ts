import { Injectable } from '@nestjs/common';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import type { DeliveryReport } from '../domain/delivery-store';
import { DeliveryQueries, type QuarantinedRecord } from '../queries/delivery.queries';

/** A delivery as the API shows it (its report, dates as ISO strings). */
export type DeliveryView = Omit<DeliveryReport, 'reason' | 'receivedAt' | 'completedAt'> & {
  /** Why a rejected delivery was refused as a whole. */
  reason?: string;
  receivedAt: string;
  completedAt: string;
};

const notFound = (id: string): AppError =>
  new AppError('not_found', 'DELIVERY.NOT_FOUND', `delivery ${id} does not exist`);

/** A delivery with its report (provider, operator, auditor), and its quarantine (provider, operator). */
@Injectable()
export class GetDeliveryHandler {
  constructor(private readonly deliveries: DeliveryQueries) {}

  /** Others than those allowed are told the delivery does not exist, not that it is not theirs. */
  private async visible(id: string, caller: Principal, roles: string[]): Promise<DeliveryReport> {
    const d = await this.deliveries.report(id);
    if (!d) throw notFound(id);
    const mine = caller.roles.includes('participant') && caller.subject === d.providerId;
    if (!mine && !roles.some((r) => caller.roles.includes(r as never))) throw notFound(id);
    return d;
  }

  async delivery(id: string, caller: Principal): Promise<DeliveryView> {
    const { reason, receivedAt, completedAt, ...d } = await this.visible(id, caller, [
      'operator',
      'auditor',
    ]);
    return {
      ...d,
      ...(reason ? { reason } : {}),
      receivedAt: receivedAt.toISOString(),
      completedAt: completedAt.toISOString(),
    };
  }

  async quarantine(
    id: string,
    caller: Principal,
    limit: number,
    afterLine = 0,
  ): Promise<{ items: QuarantinedRecord[]; nextCursor: string | null }> {
    await this.visible(id, caller, ['operator']);
    const rows = await this.deliveries.quarantine(id, afterLine, limit);
    const page = rows.slice(0, limit);
    return {
      items: page,
      nextCursor: rows.length > limit ? String(page[page.length - 1].line) : null,
    };
  }
}
