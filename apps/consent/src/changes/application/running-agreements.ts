import type { EntityManager } from 'typeorm';
import {
  ChangeAnnouncedV1,
  ChangeUnannouncedV1,
  type ChangeNoticeV1,
  type EventEnvelope,
} from '@dx/contracts';

export interface RunningAgreement {
  id: string;
  dataset_id: string;
  provider_id: string;
  consumer_id: string;
  change_notice_days: number;
}

/** Agreements a change affects: in force (active, suspended or under notice) on the dataset. */
export function runningAgreements(
  em: EntityManager,
  datasetId: string,
): Promise<RunningAgreement[]> {
  return em.query<RunningAgreement[]>(
    `SELECT a.id, a.dataset_id, a.provider_id, a.consumer_id, (t.terms->>'changeNoticeDays')::int AS change_notice_days
     FROM consent.agreements a
     JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
     WHERE a.dataset_id = $1 AND a.state IN ('ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN')`,
    [datasetId],
  );
}

/**
 * The change as one agreement sees it: announced when the lead time reaches the agreement's change
 * notice (or `forceUnannounced` says the platform already judged it short), else unannounced.
 */
export function changeEvent(
  a: RunningAgreement,
  change: {
    kind: ChangeNoticeV1['kind'];
    description: string;
    announcedAt: Date;
    effectiveAt: Date;
    schemaVersion?: number;
  },
  forceUnannounced = false,
): EventEnvelope {
  const leadSeconds = Math.max(
    0,
    Math.floor((change.effectiveAt.getTime() - change.announcedAt.getTime()) / 1000),
  );
  const announced = !forceUnannounced && leadSeconds >= a.change_notice_days * 86_400;
  const def = announced ? ChangeAnnouncedV1 : ChangeUnannouncedV1;
  return def.envelope(
    {
      agreementId: a.id,
      datasetId: a.dataset_id,
      providerId: a.provider_id,
      consumerId: a.consumer_id,
      kind: change.kind,
      description: change.description,
      announcedAt: change.announcedAt.toISOString(),
      effectiveAt: change.effectiveAt.toISOString(),
      leadSeconds,
      requiredNoticeDays: a.change_notice_days,
      ...(change.schemaVersion ? { schemaVersion: change.schemaVersion } : {}),
      occurredAt: change.announcedAt.toISOString(),
    },
    { source: 'consent', subject: a.id, time: change.announcedAt },
  );
}
