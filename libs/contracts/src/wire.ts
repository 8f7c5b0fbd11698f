/**
 * Kafka header names: part of the wire contract operators see with the Kafka CLI. `ce_*` repeat the
 * CloudEvents envelope (structured mode); `dx-dlq-*` explain a dead letter.
 */
export const Header = {
  contentType: 'content-type',
  ceId: 'ce_id',
  ceType: 'ce_type',
  ceSource: 'ce_source',
  ceSpecVersion: 'ce_specversion',
  traceparent: 'traceparent',
  dlqError: 'dx-dlq-error',
  dlqErrorCode: 'dx-dlq-error-code',
  dlqAttempts: 'dx-dlq-attempts',
  dlqSourceTopic: 'dx-dlq-source-topic',
  dlqSourcePartition: 'dx-dlq-source-partition',
  dlqSourceOffset: 'dx-dlq-source-offset',
  dlqGroup: 'dx-dlq-group',
  dlqFailedAt: 'dx-dlq-failed-at',
  replayedFrom: 'dx-replayed-from',
  /**
   * `true` on a dead letter that had been replayed and failed again: parked for a person, skipped
   * by later replays (so replays converge instead of multiplying the record).
   */
  dlqParked: 'dx-dlq-parked',
  /** integration.inbound.v1: the participant a pushed delivery comes from (checked against the dataset). */
  providerId: 'dx-provider-id',
  /** integration.inbound.v1: idempotency key of a pushed delivery (default: topic, partition, offset). */
  deliveryKey: 'dx-delivery-key',
} as const;

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Record headers as a client library hands them out (structurally, so no client is imported). */
export type RawHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** Header values as strings; a repeated header keeps its first value. */
export function headersToStrings(headers: RawHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}
