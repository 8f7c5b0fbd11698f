import { defineEvent, type EventDefinition } from '../../event-definition';
import { Topics } from '../../topics';

/**
 * `consent.subject-consent.*` v1 (key: the subject pseudonym): a data subject's consent for one
 * dataset and purpose, in the spirit of ISO/IEC TS 27560 consent records. Integration stops serving
 * a subject's rows within seconds of `withdrawn` (or `expired`).
 */
export interface SubjectConsentEventV1 {
  consentId: string;
  /** Pseudonymous data-subject id, as in the dataset's `subjectField`. */
  subjectId: string;
  datasetId: string;
  providerId: string;
  /** Purpose code (the agreements' controlled list). */
  purpose: string;
  status: 'given' | 'withdrawn' | 'expired';
  previousStatus: 'given' | 'withdrawn' | 'expired' | null;
  /** Who recorded it: the provider's participant id or the operator's client id. */
  recordedBy: string;
  expiresAt?: string;
  occurredAt: string;
}

const schema = {
  type: 'object',
  required: [
    'consentId',
    'subjectId',
    'datasetId',
    'providerId',
    'purpose',
    'status',
    'previousStatus',
    'recordedBy',
    'occurredAt',
  ],
  additionalProperties: true,
  properties: {
    consentId: { type: 'string', format: 'uuid' },
    subjectId: { type: 'string', minLength: 1, maxLength: 200 },
    datasetId: { type: 'string', format: 'uuid' },
    providerId: { type: 'string', format: 'uuid' },
    purpose: { type: 'string', minLength: 1 },
    status: { enum: ['given', 'withdrawn', 'expired'] },
    previousStatus: { anyOf: [{ enum: ['given', 'withdrawn', 'expired'] }, { type: 'null' }] },
    recordedBy: { type: 'string', minLength: 1 },
    expiresAt: { type: 'string', format: 'date-time' },
    occurredAt: { type: 'string', format: 'date-time' },
  },
} as const;

const example: SubjectConsentEventV1 = {
  consentId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  subjectId: 'subj-7f3a9c1e',
  datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
  purpose: 'public-transport-planning',
  status: 'given',
  previousStatus: null,
  recordedBy: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
  expiresAt: '2027-03-01T00:00:00.000Z',
  occurredAt: '2026-03-01T10:00:00.000Z',
};

function consentEvent<T extends string>(
  type: T,
  description: string,
  ex: Partial<SubjectConsentEventV1>,
): EventDefinition<T, SubjectConsentEventV1> {
  return defineEvent({
    type,
    version: 1,
    topic: Topics.consentSubjectConsent,
    description,
    keyOf: (d: SubjectConsentEventV1) => d.subjectId,
    schema,
    example: { ...example, ...ex },
  });
}

export const SubjectConsentGivenV1 = consentEvent(
  'consent.subject-consent.given',
  'A data subject gave consent for a dataset and purpose.',
  {},
);
export const SubjectConsentWithdrawnV1 = consentEvent(
  'consent.subject-consent.withdrawn',
  "A data subject withdrew consent: the subject's rows stop being served under that purpose.",
  { status: 'withdrawn', previousStatus: 'given', occurredAt: '2026-06-01T08:00:00.000Z' },
);
export const SubjectConsentExpiredV1 = consentEvent(
  'consent.subject-consent.expired',
  'A consent reached its expiry date without renewal.',
  {
    status: 'expired',
    previousStatus: 'given',
    recordedBy: 'consent',
    occurredAt: '2027-03-01T00:00:00.000Z',
  },
);

export const SUBJECT_CONSENT_EVENTS = [
  SubjectConsentGivenV1,
  SubjectConsentWithdrawnV1,
  SubjectConsentExpiredV1,
] as const;

/**
 * `consent.subject-consent.erasure-requested` v1 (key: the subject pseudonym, so it stays ordered
 * with that subject's consent events): the subject asked for erasure of its rows in one dataset.
 * The integration service erases every stored row of the subject there (current and history,
 * quarantined copies included) and confirms with `integration.records.erased`.
 */
export interface SubjectErasureRequestedV1 {
  requestId: string;
  subjectId: string;
  datasetId: string;
  providerId: string;
  /** Who recorded the request: the provider's participant id or the operator's id. */
  requestedBy: string;
  /** Free-text reference to the subject's request (no personal data). */
  reference?: string;
  occurredAt: string;
}

export const SubjectErasureRequestedV1 = defineEvent({
  type: 'consent.subject-consent.erasure-requested',
  version: 1,
  topic: Topics.consentSubjectConsent,
  description: 'A data subject asked for erasure of its rows in a dataset (GDPR art. 17 style).',
  keyOf: (d: SubjectErasureRequestedV1) => d.subjectId,
  schema: {
    type: 'object',
    required: ['requestId', 'subjectId', 'datasetId', 'providerId', 'requestedBy', 'occurredAt'],
    additionalProperties: true,
    properties: {
      requestId: { type: 'string', format: 'uuid' },
      subjectId: { type: 'string', minLength: 1, maxLength: 200 },
      datasetId: { type: 'string', format: 'uuid' },
      providerId: { type: 'string', format: 'uuid' },
      requestedBy: { type: 'string', minLength: 1 },
      reference: { type: 'string', maxLength: 500 },
      occurredAt: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    requestId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6',
    subjectId: 'subj-7f3a9c1e',
    datasetId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    providerId: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    requestedBy: '0b5d3a1e-6f2c-4c8e-9a7d-2e4f6b8c1d3a',
    reference: 'ticket 2026-0412',
    occurredAt: '2026-06-02T09:00:00.000Z',
  },
});
