import { randomUUID } from 'node:crypto';

/**
 * CloudEvents 1.0 envelope in structured mode: the whole document is the Kafka record value, so
 * `kcat -C` shows readable JSON. The envelope carries the metadata; `data` carries business data only.
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** Always '1.0'. */
  specversion: '1.0';
  /** UUID of this event; the de-duplication (inbox) key of every consumer. */
  id: string;
  /** `<service>.<aggregate>.<past-tense>`, e.g. `catalog.participant.registered`. */
  type: TType;
  /** The producing app, e.g. `catalog`. */
  source: string;
  /** The aggregate id; equal to the Kafka record key. */
  subject: string;
  /** ISO-8601 UTC time at which the fact happened (event time, not publish time). */
  time: string;
  /** Always `application/json`. */
  datacontenttype: 'application/json';
  /** `<type>/<major version>` of the payload schema, e.g. `catalog.participant.registered/1`. */
  dataschema: string;
  /** Groups every event caused by one request or workflow. */
  correlationid: string;
  /** Id of the event or request that caused this one, when known. */
  causationid?: string;
  /** W3C trace context captured when the event was written to the outbox. */
  traceparent?: string;
  /** The payload, typed by `type` and `dataschema`. */
  data: TData;
}

/** What a producer supplies; the rest of the envelope is filled in by {@link createEnvelope}. */
export interface EnvelopeInput<TType extends string, TData> {
  type: TType;
  version: number;
  source: string;
  subject: string;
  data: TData;
  /** When the fact happened, in business time (the publishing app's clock). */
  time: Date;
  id?: string;
  correlationId?: string;
  causationId?: string;
}

export function createEnvelope<TType extends string, TData>(
  input: EnvelopeInput<TType, TData>,
): EventEnvelope<TType, TData> {
  const id = input.id ?? randomUUID();
  const envelope: EventEnvelope<TType, TData> = {
    specversion: '1.0',
    id,
    type: input.type,
    source: input.source,
    subject: input.subject,
    time: input.time.toISOString(),
    datacontenttype: 'application/json',
    dataschema: `${input.type}/${input.version}`,
    correlationid: input.correlationId ?? id,
    data: input.data,
  };
  if (input.causationId) envelope.causationid = input.causationId;
  return envelope;
}

/** JSON Schema of the envelope itself (data is checked separately, per event type and version). */
export const envelopeJsonSchema = {
  $id: 'https://dx.example/schemas/envelope.json',
  type: 'object',
  required: [
    'specversion',
    'id',
    'type',
    'source',
    'subject',
    'time',
    'datacontenttype',
    'dataschema',
    'correlationid',
    'data',
  ],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: '^[a-z]+\\.[a-z-]+\\.[a-z-]+$' },
    source: { type: 'string', minLength: 1 },
    subject: { type: 'string', minLength: 1 },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', pattern: '^[a-z]+\\.[a-z-]+\\.[a-z-]+/[0-9]+$' },
    correlationid: { type: 'string', minLength: 1 },
    causationid: { type: 'string' },
    traceparent: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
    data: { type: 'object' },
  },
  additionalProperties: true,
} as const;
