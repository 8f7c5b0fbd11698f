import { defineEvent, type EventDefinition } from '../../event-definition';
import { Topics } from '../../topics';

/*
 * `consent.agreement.*` v1: every transition of an agreement. All types share one payload (the
 * agreement after the transition, who did it and why, and the term version concerned), so they are
 * declared together; a consumer keeps its replica from any one event.
 */

export type AgreementStateV1 =
  | 'REQUESTED'
  | 'OFFERED'
  | 'ACCEPTED'
  | 'AGREED'
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'NOTICE_GIVEN'
  | 'TERMINATED'
  | 'EXPIRED'
  | 'REJECTED'
  | 'WITHDRAWN';

export const AGREEMENT_STATES: AgreementStateV1[] = [
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'ACTIVE',
  'SUSPENDED',
  'NOTICE_GIVEN',
  'TERMINATED',
  'EXPIRED',
  'REJECTED',
  'WITHDRAWN',
];

/** The terms of one term version. Durations are ISO-8601, times ISO-8601 UTC. */
export interface AgreementTermsV1 {
  /** Code from the controlled purpose list, e.g. `urban-planning`. */
  purpose: string;
  purposeDescription: string;
  legalBasis: string;
  /** Allowed fields; always includes the dataset's primary key. */
  fields: string[];
  deliveryFrequency: string;
  /** How late a delivery may be before it is missed. */
  gracePeriod: string;
  /** Maximum age of delivered records against the dataset's time field, if agreed. */
  freshness?: string;
  validFrom: string;
  validTo: string;
  retentionDays: number;
  onwardSharingProhibited: boolean;
  terminationNoticeDays: number;
  changeNoticeDays: number;
  reciprocalAgreementId?: string;
}

export interface AgreementActorV1 {
  subject: string;
  role: 'provider' | 'consumer' | 'operator' | 'system';
}

export interface AgreementEventV1 {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  state: AgreementStateV1;
  previousState: AgreementStateV1 | null;
  actor: AgreementActorV1;
  reason?: string;
  /** The term version this transition concerns (proposed, accepted, agreed, amended …). */
  termVersion: number;
  terms: AgreementTermsV1;
  /** The term version in force (absent before agreement). */
  currentTermVersion?: number;
  /** Who has accepted `termVersion` so far. */
  acceptedBy: Array<'provider' | 'consumer'>;
  /** For notice-given and terminated: the notice and whether it respected the agreed period. */
  notice?: {
    givenBy: 'provider' | 'consumer' | 'operator';
    effectiveAt: string;
    requiredNoticeDays: number;
    noticeRespected: boolean;
  };
  /** Aggregate version after the transition. */
  version: number;
  /**
   * The transition's place among those of the same version, from 1: one command can make several
   * (accepted, agreed and active at once), and their events share the version and the time. Absent
   * on events recorded before it existed.
   */
  step?: number;
  occurredAt: string;
}

const isoTime = { type: 'string', format: 'date-time' } as const;
const duration = { type: 'string', pattern: '^P' } as const;

export const agreementTermsSchema = {
  type: 'object',
  required: [
    'purpose',
    'purposeDescription',
    'legalBasis',
    'fields',
    'deliveryFrequency',
    'gracePeriod',
    'validFrom',
    'validTo',
    'retentionDays',
    'onwardSharingProhibited',
    'terminationNoticeDays',
    'changeNoticeDays',
  ],
  properties: {
    purpose: { type: 'string', minLength: 1 },
    purposeDescription: { type: 'string' },
    legalBasis: { type: 'string' },
    fields: { type: 'array', minItems: 1, items: { type: 'string' } },
    deliveryFrequency: duration,
    gracePeriod: duration,
    freshness: duration,
    validFrom: isoTime,
    validTo: isoTime,
    retentionDays: { type: 'integer', minimum: 0 },
    onwardSharingProhibited: { type: 'boolean' },
    terminationNoticeDays: { type: 'integer', minimum: 0 },
    changeNoticeDays: { type: 'integer', minimum: 0 },
    reciprocalAgreementId: { type: 'string', format: 'uuid' },
  },
} as const;

const stateSchema = { enum: AGREEMENT_STATES } as const;

export const agreementEventSchema = {
  type: 'object',
  required: [
    'agreementId',
    'datasetId',
    'providerId',
    'consumerId',
    'state',
    'previousState',
    'actor',
    'termVersion',
    'terms',
    'acceptedBy',
    'version',
    'occurredAt',
  ],
  additionalProperties: true,
  properties: {
    agreementId: { type: 'string', format: 'uuid' },
    datasetId: { type: 'string', format: 'uuid' },
    providerId: { type: 'string', format: 'uuid' },
    consumerId: { type: 'string', format: 'uuid' },
    state: stateSchema,
    previousState: { anyOf: [stateSchema, { type: 'null' }] },
    actor: {
      type: 'object',
      required: ['subject', 'role'],
      properties: {
        subject: { type: 'string', minLength: 1 },
        role: { enum: ['provider', 'consumer', 'operator', 'system'] },
      },
    },
    reason: { type: 'string' },
    termVersion: { type: 'integer', minimum: 1 },
    terms: agreementTermsSchema,
    currentTermVersion: { type: 'integer', minimum: 1 },
    acceptedBy: { type: 'array', items: { enum: ['provider', 'consumer'] }, uniqueItems: true },
    notice: {
      type: 'object',
      required: ['givenBy', 'effectiveAt', 'requiredNoticeDays', 'noticeRespected'],
      properties: {
        givenBy: { enum: ['provider', 'consumer', 'operator'] },
        effectiveAt: isoTime,
        requiredNoticeDays: { type: 'integer', minimum: 0 },
        noticeRespected: { type: 'boolean' },
      },
    },
    version: { type: 'integer', minimum: 1 },
    step: { type: 'integer', minimum: 1 },
    occurredAt: isoTime,
  },
} as const;

export const exampleAgreementTerms: AgreementTermsV1 = {
  purpose: 'urban-planning',
  purposeDescription: 'Plan bus routes and retail permits from where people are during the day.',
  legalBasis: 'Voluntary data-sharing agreement under the city data charter',
  fields: ['district', 'hour', 'people'],
  deliveryFrequency: 'P1D',
  gracePeriod: 'PT6H',
  freshness: 'P2D',
  validFrom: '2026-02-01T00:00:00.000Z',
  validTo: '2027-01-31T23:59:59.000Z',
  retentionDays: 365,
  onwardSharingProhibited: true,
  terminationNoticeDays: 30,
  changeNoticeDays: 14,
};

const exampleBase: AgreementEventV1 = {
  agreementId: '5b1f8c3e-2a47-4d8e-9f61-0c7a3e9b2d14',
  datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
  consumerId: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10',
  state: 'REQUESTED',
  previousState: null,
  actor: { subject: '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10', role: 'consumer' },
  termVersion: 1,
  terms: exampleAgreementTerms,
  acceptedBy: [],
  version: 1,
  occurredAt: '2026-01-20T09:00:00.000Z',
};

function agreementEvent<T extends string>(
  type: T,
  description: string,
  example: Partial<AgreementEventV1>,
): EventDefinition<T, AgreementEventV1> {
  return defineEvent({
    type,
    version: 1,
    topic: Topics.consentAgreement,
    description,
    keyOf: (d: AgreementEventV1) => d.agreementId,
    schema: agreementEventSchema,
    example: { ...exampleBase, ...example },
  });
}

const provider = { subject: exampleBase.providerId, role: 'provider' } as const;
const agreedNow = {
  currentTermVersion: 2,
  acceptedBy: ['consumer', 'provider'] as Array<'provider' | 'consumer'>,
  termVersion: 2,
};

export const AgreementRequestedV1 = agreementEvent(
  'consent.agreement.requested',
  'A consumer requested a dataset under proposed terms (term version 1).',
  {},
);
export const AgreementOfferedV1 = agreementEvent(
  'consent.agreement.offered',
  'A party made a (counter-)offer: a new term version; earlier acceptances lapse.',
  { state: 'OFFERED', previousState: 'REQUESTED', actor: provider, termVersion: 2, version: 2 },
);
export const AgreementAcceptedV1 = agreementEvent(
  'consent.agreement.accepted',
  'One party accepted the term version under negotiation (or a pending amendment or renewal).',
  {
    state: 'ACCEPTED',
    previousState: 'OFFERED',
    termVersion: 2,
    acceptedBy: ['consumer'],
    version: 3,
  },
);
export const AgreementAgreedV1 = agreementEvent(
  'consent.agreement.agreed',
  'Both parties accepted the same term version: the commitment exists.',
  { state: 'AGREED', previousState: 'ACCEPTED', actor: provider, ...agreedNow, version: 4 },
);
export const AgreementActivatedV1 = agreementEvent(
  'consent.agreement.activated',
  'The agreed terms took effect (validFrom reached); obligations start.',
  {
    state: 'ACTIVE',
    previousState: 'AGREED',
    actor: { subject: 'consent', role: 'system' },
    ...agreedNow,
    version: 5,
  },
);
export const AgreementRejectedV1 = agreementEvent(
  'consent.agreement.rejected',
  'A party rejected the negotiation; it ends without agreement.',
  {
    state: 'REJECTED',
    previousState: 'REQUESTED',
    actor: provider,
    reason: 'purpose not compatible with our licence',
    version: 2,
  },
);
export const AgreementWithdrawnV1 = agreementEvent(
  'consent.agreement.withdrawn',
  'A party withdrew from the negotiation before agreement.',
  { state: 'WITHDRAWN', previousState: 'OFFERED', reason: 'no longer needed', version: 3 },
);
export const AgreementSuspendedV1 = agreementEvent(
  'consent.agreement.suspended',
  'The provider or an operator suspended an active agreement (no access while suspended).',
  {
    state: 'SUSPENDED',
    previousState: 'ACTIVE',
    actor: provider,
    reason: 'suspected onward sharing under review',
    ...agreedNow,
    version: 6,
  },
);
export const AgreementResumedV1 = agreementEvent(
  'consent.agreement.resumed',
  'A suspended agreement is active again.',
  {
    state: 'ACTIVE',
    previousState: 'SUSPENDED',
    actor: provider,
    reason: 'review closed',
    ...agreedNow,
    version: 7,
  },
);
export const AgreementAmendedV1 = agreementEvent(
  'consent.agreement.amended',
  'Both parties accepted an amendment; its term version is now in force.',
  {
    state: 'ACTIVE',
    previousState: 'ACTIVE',
    termVersion: 3,
    currentTermVersion: 3,
    acceptedBy: ['consumer', 'provider'],
    version: 8,
  },
);
export const AgreementRenewedV1 = agreementEvent(
  'consent.agreement.renewed',
  'Both parties accepted a renewal; the agreement runs to its new validTo.',
  {
    state: 'ACTIVE',
    previousState: 'ACTIVE',
    termVersion: 4,
    currentTermVersion: 4,
    acceptedBy: ['consumer', 'provider'],
    version: 9,
  },
);
const exampleNotice = {
  givenBy: 'consumer' as const,
  effectiveAt: '2026-06-15T00:00:00.000Z',
  requiredNoticeDays: 30,
  noticeRespected: false,
};
export const AgreementNoticeGivenV1 = agreementEvent(
  'consent.agreement.notice-given',
  'A party gave notice to end the agreement; `notice.noticeRespected` says whether the agreed period was honoured.',
  {
    state: 'NOTICE_GIVEN',
    previousState: 'ACTIVE',
    reason: 'budget cut',
    ...agreedNow,
    notice: exampleNotice,
    version: 10,
  },
);
export const AgreementTerminatedV1 = agreementEvent(
  'consent.agreement.terminated',
  'The agreement ended at the notice date (integrity evidence when the notice was short).',
  {
    state: 'TERMINATED',
    previousState: 'NOTICE_GIVEN',
    actor: { subject: 'consent', role: 'system' },
    ...agreedNow,
    notice: exampleNotice,
    version: 11,
  },
);
export const AgreementExpiredV1 = agreementEvent(
  'consent.agreement.expired',
  'The agreement reached its validTo.',
  {
    state: 'EXPIRED',
    previousState: 'ACTIVE',
    actor: { subject: 'consent', role: 'system' },
    ...agreedNow,
    version: 10,
  },
);

export const AGREEMENT_EVENTS = [
  AgreementRequestedV1,
  AgreementOfferedV1,
  AgreementAcceptedV1,
  AgreementAgreedV1,
  AgreementActivatedV1,
  AgreementRejectedV1,
  AgreementWithdrawnV1,
  AgreementSuspendedV1,
  AgreementResumedV1,
  AgreementAmendedV1,
  AgreementRenewedV1,
  AgreementNoticeGivenV1,
  AgreementTerminatedV1,
  AgreementExpiredV1,
] as const;

export type AgreementEventType = (typeof AGREEMENT_EVENTS)[number]['type'];
