import type { EventEnvelope } from '@dx/contracts';

/** One consumed event as the read models keep it: who and what it concerns, when it happened. */
export interface Fact {
  eventId: string;
  type: string;
  topic: string;
  /** Event time (the payload's own moment), not arrival time. */
  occurredAt: string;
  participantId: string | null;
  providerId: string | null;
  consumerId: string | null;
  agreementId: string | null;
  datasetId: string | null;
  data: Record<string, unknown>;
}

/** Payload fields that date an event, most specific first; the envelope time otherwise. */
const TIME_FIELDS = [
  'occurredAt',
  'completedAt',
  'registeredAt',
  'updatedAt',
  'suspendedAt',
  'reinstatedAt',
  'adoptedAt',
  'revokedAt',
  'computedAt',
  'raisedAt',
  'accessedAt',
  'changedAt',
] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The fact of an event (pure; the topic is the event definition's). */
export function factOf(e: EventEnvelope, topic: string): Fact {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const dataset = (d.dataset ?? {}) as Record<string, unknown>;
  const time = TIME_FIELDS.map((k) => str(d[k])).find((x) => x !== null) ?? e.time;
  return {
    eventId: e.id,
    type: e.type,
    topic,
    occurredAt: time,
    participantId: str(d.participantId),
    providerId: str(d.providerId) ?? str(dataset.providerId),
    consumerId: str(d.consumerId),
    agreementId: str(d.agreementId),
    datasetId: str(d.datasetId) ?? str(dataset.datasetId),
    data: d,
  };
}
