import {
  Attr,
  contextFromTraceparent,
  inSpan,
  linkTo,
  SpanKind,
  type Span,
} from '@dx/observability';
import { Header } from '@dx/contracts';
import type { ConsumedRecord } from './record';

/** The messaging attributes every consumer span carries (OpenTelemetry semantic conventions). */
export function consumerSpanAttributes(
  topic: string,
  partition: number,
  group: string,
): Record<string, string> {
  return {
    [Attr.messagingSystem]: 'kafka',
    [Attr.messagingDestination]: topic,
    [Attr.messagingOperation]: 'process',
    [Attr.messagingConsumerGroup]: group,
    [Attr.messagingPartition]: String(partition),
  };
}

/**
 * Runs the work on some records in one consumer span. One record: the span continues the trace the
 * record carries (REST request → outbox → Kafka → here is one trace). Several: it continues the
 * first one's and links to every record's, so each producer's trace still leads to it.
 */
export function inConsumerSpan<T>(
  where: { topic: string; partition: number; group: string },
  records: ConsumedRecord[],
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parents = records.map((r) => r.headers[Header.traceparent]);
  return inSpan(
    `${where.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromTraceparent(parents[0]),
      ...(records.length > 1 ? { links: parents.flatMap((p) => linkTo(p) ?? []) } : {}),
      attributes: {
        ...consumerSpanAttributes(where.topic, where.partition, where.group),
        ...(records.length > 1 ? { [Attr.messagingBatchSize]: records.length } : {}),
      },
    },
    work,
  );
}
