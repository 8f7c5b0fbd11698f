import {
  context,
  propagation,
  trace,
  type Context,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
} from '@opentelemetry/api';

/** The active W3C traceparent, if a sampled or recording span is active. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A context whose parent is the given traceparent (or the root context when absent). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/** The span context a traceparent names, for a span link (undefined when absent or invalid). */
export function linkTo(traceparent: string | undefined): Link | undefined {
  if (!traceparent) return undefined;
  const sc = trace.getSpanContext(propagation.extract(context.active(), { traceparent }));
  return sc && trace.isSpanContextValid(sc) ? { context: sc } : undefined;
}

export function traceparentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}

const tracer = () => trace.getTracer('dx');

/** Runs `fn` inside a new span with the given parent; records errors; always ends the span. */
export async function inSpan<T>(
  name: string,
  opts: {
    kind?: SpanKind;
    parent?: Context;
    attributes?: Record<string, string | number | boolean>;
    /** Other spans this one continues (a batch span links to each record's producer span). */
    links?: Link[];
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes, links: opts.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** Starts a span that the caller ends (for spans around a batched call such as a Kafka send). */
export function startSpan(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Record<string, string | number | boolean> = {},
): Span {
  return tracer().startSpan(name, { kind, attributes }, parent);
}

export { SpanKind, context, trace };
export type { Span };
