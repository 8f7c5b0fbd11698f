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

/**
 * One envelope per recorded transition, in order, each describing the agreement after it. Each
 * event carries the whole picture (parties, state, the terms it concerns, the version in force)
 * because integration, trust and insights keep their replicas from the events alone and never
 * call consent back; `version` and `step` let them drop an older event that arrives after a newer one.
 */
export function agreementEnvelopes(a: Agreement, causationId?: string): EventEnvelope[] {
  return a.pending.map((t, i) => {
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
      // Who has accepted the term version this transition concerns, so far (an offer: nobody).
      acceptedBy: (['consumer', 'provider'] as const).filter((p) => tv.acceptedBy[p]),
      // The notice goes with the two events it explains; trust reads noticeRespected from them as
      // evidence that a party did or did not keep the notice it promised.
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
      // A command's transitions share its version (one per command) and often its time: their
      // order within it travels with them, so replicas keep the last one whatever order they see.
      step: i + 1,
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
