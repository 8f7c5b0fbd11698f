import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { Attr } from '@dx/observability';
import { Header } from '@dx/contracts';
import { inConsumerSpan } from './spans';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  trace.setGlobalTracerProvider(
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
  );
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterEach(() => exporter.reset());
afterAll(() => {
  trace.disable();
  propagation.disable();
});

const traceOf = (n: number) => `${String(n).padStart(32, '0')}`;
const record = (n: number) => ({
  offset: String(n),
  key: null,
  value: null,
  headers: { [Header.traceparent]: `00-${traceOf(n + 1)}-${String(n + 1).padStart(16, '0')}-01` },
});
const where = { topic: 'consent.obligation.v1', partition: 1, group: 'trust.evidence' };

describe('inConsumerSpan', () => {
  it('continues the trace a single record carries, with the messaging attributes', async () => {
    await inConsumerSpan(where, [record(4)], () => Promise.resolve());
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('consent.obligation.v1 process');
    expect(span.spanContext().traceId).toBe(traceOf(5));
    expect(span.parentSpanContext?.spanId).toBe('0000000000000005');
    expect(span.attributes).toMatchObject({
      [Attr.messagingSystem]: 'kafka',
      [Attr.messagingDestination]: 'consent.obligation.v1',
      [Attr.messagingConsumerGroup]: 'trust.evidence',
      [Attr.messagingPartition]: '1',
    });
    expect(span.links).toHaveLength(0);
  });

  it("continues a group's first trace and links to every record's", async () => {
    await inConsumerSpan(where, [record(1), record(2), record(3)], () => Promise.resolve());
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe(traceOf(2));
    expect(span.links.map((l) => l.context.traceId)).toEqual([traceOf(2), traceOf(3), traceOf(4)]);
    expect(span.attributes[Attr.messagingBatchSize]).toBe(3);
  });

  it('records a failure on the span and passes it on', async () => {
    await expect(
      inConsumerSpan(where, [record(7)], () => Promise.reject(new Error('downstream exploded'))),
    ).rejects.toThrow('downstream exploded');
    const [span] = exporter.getFinishedSpans();
    expect(span.status.message).toBe('downstream exploded');
    expect(span.events.map((e) => e.name)).toContain('exception');
  });
});
