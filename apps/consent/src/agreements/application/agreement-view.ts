import type { Agreement } from '../domain/agreement';
import type { StoredTransition } from '../persistence/agreement.repository';
import type { AgreementTermsV1 } from '@dx/contracts';

export interface TermVersionView {
  version: number;
  kind: string;
  proposedBy: string;
  proposedAt: string;
  terms: AgreementTermsV1;
  /** Acceptance times by party. */
  acceptedBy: { provider?: string; consumer?: string };
}

export interface NoticeView {
  givenBy: string;
  reason: string;
  givenAt: string;
  effectiveAt: string;
  requiredNoticeDays: number;
  /** False: shorter than the agreed termination notice (a breach). */
  noticeRespected: boolean;
}

export interface TransitionView {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actor: { subject: string; role: string };
  reason?: string;
  termVersion: number;
  at: string;
}

/** An agreement as the API shows it; the response DTO implements it for the OpenAPI document. */
export interface AgreementView {
  id: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  state: string;
  stateReason?: string;
  /** The ETag. */
  version: number;
  currentTermVersion: number | null;
  latestTermVersion: number;
  termVersions: TermVersionView[];
  notice?: NoticeView;
  nextDueAt: string | null;
  transitions?: TransitionView[];
}

/** The agreement as its parties see it: every term version with acceptances, and the history. */
export function agreementView(a: Agreement, transitions?: StoredTransition[]): AgreementView {
  return {
    id: a.id,
    datasetId: a.datasetId,
    providerId: a.providerId,
    consumerId: a.consumerId,
    state: a.state,
    ...(a.stateReason ? { stateReason: a.stateReason } : {}),
    version: a.version,
    currentTermVersion: a.currentTermVersion,
    latestTermVersion: a.latest.version,
    termVersions: a.termVersions.map((t) => ({
      version: t.version,
      kind: t.kind,
      proposedBy: t.proposedBy,
      proposedAt: t.proposedAt.toISOString(),
      terms: t.terms,
      acceptedBy: {
        ...(t.acceptedBy.provider ? { provider: t.acceptedBy.provider.toISOString() } : {}),
        ...(t.acceptedBy.consumer ? { consumer: t.acceptedBy.consumer.toISOString() } : {}),
      },
    })),
    ...(a.notice
      ? {
          notice: {
            givenBy: a.notice.givenBy,
            reason: a.notice.reason,
            givenAt: a.notice.givenAt.toISOString(),
            effectiveAt: a.notice.effectiveAt.toISOString(),
            requiredNoticeDays: a.notice.requiredNoticeDays,
            noticeRespected: a.notice.noticeRespected,
          },
        }
      : {}),
    nextDueAt: a.nextDueAt()?.toISOString() ?? null,
    ...(transitions
      ? {
          transitions: transitions.map((t) => ({
            seq: t.seq,
            event: t.event,
            from: t.from,
            to: t.to,
            actor: t.actor,
            ...(t.reason ? { reason: t.reason } : {}),
            termVersion: t.termVersion,
            at: t.at.toISOString(),
          })),
        }
      : {}),
  };
}
