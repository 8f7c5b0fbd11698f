import pino, { type Logger, type LoggerOptions } from 'pino';
import { context, trace } from '@opentelemetry/api';

/** Adds the active trace and span ids to every log line, so logs join their traces. */
export function traceMixin(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export function pinoOptions(service: string): LoggerOptions {
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceMixin,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'client_secret', 'clientSecret', '*.clientSecret'],
      censor: '[redacted]',
    },
  };
}

/** A JSON logger for code outside Nest's DI (relay, consumers, CLI tools). */
export function createLogger(service: string, name?: string): Logger {
  const root = pino(pinoOptions(service));
  return name ? root.child({ component: name }) : root;
}

export type { Logger };
