import {
  ChangeAnnouncedV1,
  ChangeUnannouncedV1,
  type ChangeNoticeV1,
  type EventEnvelope,
} from '@dx/contracts';
import type { RunningAgreement } from '../domain/change-notice-store';

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
): EventEnvelope<string, ChangeNoticeV1> {
  const leadSeconds = Math.max(
    0,
    Math.floor((change.effectiveAt.getTime() - change.announcedAt.getTime()) / 1000),
  );
  const announced = !forceUnannounced && leadSeconds >= a.changeNoticeDays * 86_400;
  const def = announced ? ChangeAnnouncedV1 : ChangeUnannouncedV1;
  return def.envelope(
    {
      agreementId: a.id,
      datasetId: a.datasetId,
      providerId: a.providerId,
      consumerId: a.consumerId,
      kind: change.kind,
      description: change.description,
      announcedAt: change.announcedAt.toISOString(),
      effectiveAt: change.effectiveAt.toISOString(),
      leadSeconds,
      requiredNoticeDays: a.changeNoticeDays,
      ...(change.schemaVersion ? { schemaVersion: change.schemaVersion } : {}),
      occurredAt: change.announcedAt.toISOString(),
    },
    { source: 'consent', subject: a.id, time: change.announcedAt },
  );
}
