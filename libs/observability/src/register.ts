/**
 * OpenTelemetry bootstrap. Must be the first import of every app's main.ts: instrumentation patches
 * `http` and `pg` only if it loads before them.
 *
 * - Traces go to OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (standard OTEL_* variables).
 * - Metrics are served in Prometheus format at `/metrics` by the app itself (no extra port).
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { setPrometheusExporter, setTelemetryShutdown } from './metrics';

const prometheus = new PrometheusExporter({ preventServerStart: true });
setPrometheusExporter(prometheus);

const spanProcessors: SpanProcessor[] = [];
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  // OTEL_BSP_SCHEDULE_DELAY tunes the batch delay (tests set it low to see spans promptly).
  spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
}

// Without an exporter spans are still recorded, so trace ids reach logs, problem documents and
// the traceparent carried through the outbox; they are just not sent anywhere.
if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());

const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME ?? process.env.DX_SERVICE ?? 'dx',
  spanProcessors,
  metricReaders: [prometheus],
  instrumentations: [
    new HttpInstrumentation({
      // Probes and scrapes would drown the real traffic.
      ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
    }),
    new PgInstrumentation({ requireParentSpan: true }),
  ],
});
sdk.start();

let stopping: Promise<void> | undefined;
setTelemetryShutdown(() => (stopping ??= sdk.shutdown().catch(() => undefined)));
