import {
  AGREEMENT_EVENTS,
  type AgreementEventV1,
  type EventDefinition,
  type EventEnvelope,
} from '@dx/contracts';
import type { Agreement } from '../domain/agreement';

const BY_TYPE = new Map<string, EventDefinition<string, AgreementEventV1>>(
  AGREEMENT_EVENTS.map((d) => [d.type, d as EventDefinition<string, AgreementEventV1>]),
);

/** One envelope per recorded transition, in order, each describing the agreement after it. */
export function agreementEnvelopes(a: Agreement, causationId?: string): EventEnvelope[] {
  return a.pending.map((t) => {
    const def = BY_TYPE.get(t.event)!;
    const tv = a.termVersions.find((v) => v.version === t.termVersion)!;
    const data: AgreementEventV1 = {
      agreementId: a.id,
      datasetId: a.datasetId,
      providerId: a.providerId,
      consumerId: a.consumerId,
      state: t.to,
      previousState: t.from,
      actor: t.actor,
      ...(t.reason ? { reason: t.reason } : {}),
      termVersion: t.termVersion,
      terms: tv.terms,
      ...(a.currentTermVersion !== null ? { currentTermVersion: a.currentTermVersion } : {}),
      acceptedBy: (['consumer', 'provider'] as const).filter((p) => tv.acceptedBy[p]),
      ...((t.event === 'consent.agreement.notice-given' ||
        t.event === 'consent.agreement.terminated') &&
      a.notice
        ? {
            notice: {
              givenBy: a.notice.givenBy,
              effectiveAt: a.notice.effectiveAt.toISOString(),
              requiredNoticeDays: a.notice.requiredNoticeDays,
              noticeRespected: a.notice.noticeRespected,
            },
          }
        : {}),
      version: a.version,
      occurredAt: t.at.toISOString(),
    };
    return def.envelope(data, {
      source: 'consent',
      subject: a.id,
      time: t.at,
      ...(causationId ? { causationId } : {}),
    });
  });
}
