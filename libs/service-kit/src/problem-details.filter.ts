import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, infrastructureFaultOf, type ErrorKind, type FieldError } from '@dx/contracts';
import { currentTraceId, type Logger } from '@dx/observability';
import { HTTP_STATUS, titleOf } from './errors';

/** RFC 9457 problem document (docs/architecture.md, "API conventions"). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  traceId?: string;
  [extension: string]: unknown;
}

const KIND_BY_STATUS: Record<number, ErrorKind> = Object.fromEntries(
  Object.entries(HTTP_STATUS).map(([k, v]) => [v, k as ErrorKind]),
);

/** Errors raised before our code runs (body parser, router) carry a status and a type. */
function fromFrameworkError(err: unknown): AppError | undefined {
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const kind = KIND_BY_STATUS[status] ?? (status === 405 ? 'not_found' : undefined);
    if (status === 404) return new AppError('not_found', 'HTTP.ROUTE_NOT_FOUND', err.message);
    // Nest's body parser reports unparsable JSON as a plain 400.
    if (status === 400)
      return new AppError(
        'invalid',
        'HTTP.MALFORMED_BODY',
        `request body could not be parsed: ${err.message}`,
      );
    if (kind) return new AppError(kind, `HTTP.${status}`, err.message);
    return undefined;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed')
    return new AppError(
      'invalid',
      'HTTP.MALFORMED_JSON',
      `request body is not valid JSON: ${e.message}`,
    );
  if (e?.type === 'entity.too.large')
    return new AppError('too_large', 'HTTP.BODY_TOO_LARGE', 'request body is larger than allowed');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError(
      'unsupported_media_type',
      'HTTP.UNSUPPORTED_ENCODING',
      e.message ?? 'unsupported encoding',
    );
  }
  if (
    typeof e?.status === 'number' &&
    e.status >= 400 &&
    e.status < 500 &&
    KIND_BY_STATUS[e.status]
  ) {
    return new AppError(
      KIND_BY_STATUS[e.status],
      `HTTP.${e.status}`,
      e.message ?? 'request refused',
    );
  }
  return undefined;
}

/**
 * Every error leaves as `application/problem+json`. Known kinds map through {@link HTTP_STATUS};
 * anything else is a 500 whose details stay in the log (the trace id links the two).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const traceId = currentTraceId();
    const err =
      exception instanceof AppError
        ? exception
        : (fromFrameworkError(exception) ?? this.unavailable(exception, req));
    let problem: ProblemDocument;
    if (err) {
      const status = HTTP_STATUS[err.kind];
      problem = {
        // Extensions first: they can never overwrite the standard members (status, type, …).
        ...err.extensions,
        type: `urn:dx:problem:${err.code.toLowerCase()}`,
        title: titleOf(err.kind),
        status,
        detail: err.message,
        code: err.code,
        instance: req.originalUrl,
        ...(err.errors.length ? { errors: err.errors } : {}),
        ...(traceId ? { traceId } : {}),
      };
      if (
        (status === 429 || status === 503) &&
        typeof err.extensions.retryAfterSeconds === 'number'
      ) {
        res.setHeader('Retry-After', String(err.extensions.retryAfterSeconds));
      }
    } else {
      this.logger.error({ err: exception, path: req.originalUrl }, 'unhandled error');
      problem = {
        type: 'urn:dx:problem:internal',
        title: 'Internal error',
        status: 500,
        detail: 'An unexpected error occurred; quote the trace id when reporting it.',
        code: 'INTERNAL',
        instance: req.originalUrl,
        ...(traceId ? { traceId } : {}),
      };
    }
    if (res.headersSent) return;
    if (req.path === OAUTH_TOKEN_PATH) {
      // RFC 6749 §5.2: the token endpoint's clients expect `error` in plain JSON, whatever failed.
      const error = oauthErrorOf(err, problem.status);
      // §5.2: 400 for every error but a failed client authentication (401); a rate limit or an
      // outage keeps its own status so clients back off.
      const status =
        error === 'invalid_client'
          ? 401
          : problem.status === 429 || problem.status >= 500
            ? problem.status
            : 400;
      const body = {
        error,
        error_description: problem.detail,
        code: problem.code,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...(traceId ? { trace_id: traceId } : {}),
      };
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      // §5.2: a failed client authentication answers 401 with the scheme the client may use.
      if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="dx"');
      res.status(status).type('application/json').send(JSON.stringify(body));
      return;
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  /**
   * The database or the broker away (a lost connection, a restarting cluster) is not the client's
   * fault and not a bug: 503 with Retry-After and a retryable problem type, so clients retry. A
   * write whose commit was lost in flight may have applied: creates carry an Idempotency-Key, so
   * the retry answers with the first result instead of applying twice. The pool replaces broken
   * connections by itself.
   */
  private unavailable(exception: unknown, req: Request): AppError | undefined {
    const fault = infrastructureFaultOf(exception);
    if (!fault) return undefined;
    this.logger.warn(
      { err: exception, fault, path: req.originalUrl },
      'dependency unavailable; answered 503',
    );
    return new AppError(
      'unavailable',
      'SERVICE.DEPENDENCY_UNAVAILABLE',
      `a dependency of this service is unavailable (${fault}); retry later, with the same Idempotency-Key for a create`,
      [],
      { retryable: true, retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS },
    );
  }
}

/** How long a client waits before retrying after an infrastructure fault. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/** The OAuth 2.0 token endpoint: its errors take RFC 6749's shape, not problem+json. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** RFC 6749 §5.2 error codes (and RFC 8628's slow_down for the rate limit). */
function oauthErrorOf(err: AppError | undefined, status: number): string {
  const declared = err?.extensions.error;
  if (typeof declared === 'string') return declared;
  if (status === 401) return 'invalid_client';
  if (status === 429) return 'slow_down';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}
