import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ChangeNoticeStore,
  type ChangeNotice,
  type RunningAgreement,
} from '../domain/change-notice-store';

/** `consent.change_notices`, and the running agreements with their current terms' notice. */
@Injectable()
export class PgChangeNoticeStore extends ChangeNoticeStore<EntityManager> {
  async addNotice(em: EntityManager, n: ChangeNotice): Promise<void> {
    await em.query(
      `INSERT INTO consent.change_notices (id, dataset_id, provider_id, kind, description, announced_at, effective_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [n.id, n.datasetId, n.providerId, n.kind, n.description, n.announcedAt, n.effectiveAt],
    );
  }

  /**
   * The notice each agreement promised is read from its terms in force, not the latest proposal: an
   * amendment under negotiation does not change what the provider owes today.
   */
  async runningAgreements(em: EntityManager, datasetId: string): Promise<RunningAgreement[]> {
    const rows = await em.query<
      Array<{
        id: string;
        dataset_id: string;
        provider_id: string;
        consumer_id: string;
        change_notice_days: number;
      }>
    >(
      `SELECT a.id, a.dataset_id, a.provider_id, a.consumer_id, (t.terms->>'changeNoticeDays')::int AS change_notice_days
       FROM consent.agreements a
       JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
       WHERE a.dataset_id = $1 AND a.state IN ('ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN')`,
      [datasetId],
    );
    return rows.map((r) => ({
      id: r.id,
      datasetId: r.dataset_id,
      providerId: r.provider_id,
      consumerId: r.consumer_id,
      changeNoticeDays: r.change_notice_days,
    }));
  }
}
