import type { IHeaders } from 'kafkajs';

/** Kafka header names used by the platform. `ce_*` repeat the CloudEvents envelope (structured mode). */
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
} as const;

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Header values as strings (kafkajs hands out Buffers). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}
