import {
  SUBJECT_CONSENT_EVENTS,
  type EventEnvelope,
  type SubjectConsentEventV1,
} from '@dx/contracts';

const BY_STATUS = Object.fromEntries(SUBJECT_CONSENT_EVENTS.map((d) => [d.example.status, d]));

export function subjectConsentEvent(data: SubjectConsentEventV1): EventEnvelope {
  const def = BY_STATUS[data.status];
  return def.envelope(data, {
    source: 'consent',
    subject: data.subjectId,
    time: new Date(data.occurredAt),
  });
}
