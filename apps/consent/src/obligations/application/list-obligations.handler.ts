import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { assertCanRead } from '../../agreements/application/agreement-access';
import { agreementNotFound } from '../../agreements/persistence/agreement.repository';
import type { ObligationRow } from './obligation-planner';

export interface ObligationView {
  id: string;
  sequence: number;
  dueAt: string;
  graceUntil: string;
  status: string;
  deliveryId: string | null;
  deliveredAt: string | null;
  onTime: boolean | null;
  latenessSeconds: number | null;
}

/** An agreement's delivery schedule: due, fulfilled (on time or late), missed, cancelled. */
@Injectable()
export class ListObligationsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    agreementId: string,
    principal: Principal,
  ): Promise<{ items: ObligationView[]; onTimeRate: number | null }> {
    const [a] = await this.dataSource.query<
      Array<{ id: string; provider_id: string; consumer_id: string }>
    >(`SELECT id, provider_id, consumer_id FROM consent.agreements WHERE id = $1`, [agreementId]);
    if (!a) throw agreementNotFound(agreementId);
    assertCanRead({ id: a.id, providerId: a.provider_id, consumerId: a.consumer_id }, principal);
    const rows = await this.dataSource.query<ObligationRow[]>(
      `SELECT * FROM consent.obligations WHERE agreement_id = $1 ORDER BY sequence`,
      [agreementId],
    );
    const resolved = rows.filter((r) => r.status === 'fulfilled' || r.status === 'missed');
    const onTime = resolved.filter(
      (r) => r.status === 'fulfilled' && r.lateness_seconds === 0,
    ).length;
    return {
      items: rows.map((r) => ({
        id: r.id,
        sequence: r.sequence,
        dueAt: r.due_at.toISOString(),
        graceUntil: r.grace_until.toISOString(),
        status: r.status,
        deliveryId: r.delivery_id,
        deliveredAt: r.delivered_at?.toISOString() ?? null,
        onTime:
          r.status === 'fulfilled'
            ? r.lateness_seconds === 0
            : r.status === 'missed'
              ? false
              : null,
        latenessSeconds: r.lateness_seconds,
      })),
      onTimeRate: resolved.length ? onTime / resolved.length : null,
    };
  }
}
