import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { assertCanRead } from '../../agreements/application/agreement-access';
import { agreementNotFound } from '../../agreements/persistence/agreement.repository';
import { AgreementStore } from '../../agreements/domain/agreement-store';
import { ObligationQueries } from '../queries/obligation.queries';

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
  constructor(
    private readonly queries: ObligationQueries,
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementStore<EntityManager>,
  ) {}

  async execute(
    agreementId: string,
    principal: Principal,
  ): Promise<{ items: ObligationView[]; onTimeRate: number | null }> {
    // Who may read is decided on the agreement's parties first: a non-party gets the same 404 as
    // for an unknown agreement, before any obligation is read.
    const a = await this.agreements.partiesOf(this.dataSource.manager, agreementId);
    if (!a) throw agreementNotFound(agreementId);
    assertCanRead(a, principal);
    const rows = await this.queries.ofAgreement(agreementId);
    // The rate counts only judged deliveries: one still inside its grace period is neither on time
    // nor late yet, and a cancelled one was never owed. A delivery within grace but after the due
    // time is fulfilled, and late.
    const resolved = rows.filter((r) => r.status === 'fulfilled' || r.status === 'missed');
    const onTime = resolved.filter(
      (r) => r.status === 'fulfilled' && r.latenessSeconds === 0,
    ).length;
    return {
      items: rows.map((r) => ({
        id: r.id,
        sequence: r.sequence,
        dueAt: r.dueAt.toISOString(),
        graceUntil: r.graceUntil.toISOString(),
        status: r.status,
        deliveryId: r.deliveryId,
        deliveredAt: r.deliveredAt?.toISOString() ?? null,
        onTime:
          r.status === 'fulfilled' ? r.latenessSeconds === 0 : r.status === 'missed' ? false : null,
        latenessSeconds: r.latenessSeconds,
      })),
      onTimeRate: resolved.length ? onTime / resolved.length : null,
    };
  }
}
