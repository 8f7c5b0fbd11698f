import { metrics, type Meter } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { IncomingMessage, ServerResponse } from 'node:http';

let exporter: PrometheusExporter | undefined;

export function setPrometheusExporter(e: PrometheusExporter): void {
  exporter = e;
}

/** Serves the Prometheus text format; 503 when telemetry was not registered (tests without it). */
export function serveMetrics(req: IncomingMessage, res: ServerResponse): void {
  if (!exporter) {
    res.statusCode = 503;
    res.end('# telemetry not registered\n');
    return;
  }
  exporter.getMetricsRequestHandler(req, res);
}

export function meter(): Meter {
  return metrics.getMeter('dx');
}

let telemetryShutdown: () => Promise<void> = () => Promise.resolve();

export function setTelemetryShutdown(fn: () => Promise<void>): void {
  telemetryShutdown = fn;
}

/** Flushes pending spans and metrics (a no-op when telemetry was not registered). */
export function shutdownTelemetry(): Promise<void> {
  return telemetryShutdown();
}
