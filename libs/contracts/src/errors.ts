/**
 * Error kinds shared by every service. Domain and application code throw {@link AppError}s; the
 * edges map the kind once: service-kit to an HTTP status (problem+json), messaging to a Kafka action
 * (retry or dead-letter). Framework-free on purpose, so domain code can import it.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

/** One offending input: a JSON-pointer-like path and why it was refused. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    /** Decides the HTTP status and whether a message is retried. */
    readonly kind: ErrorKind,
    /** Stable machine-readable code, `AREA.REASON`, e.g. `PARTICIPANT.LEGAL_ID_TAKEN`. */
    readonly code: string,
    message: string,
    /** Per-field details for `invalid` / `unprocessable`. */
    readonly errors: FieldError[] = [],
    /** Extra members for the problem document (e.g. `allowedTransitions`). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Kinds that a retry cannot fix: a message failing with one of these goes straight to the DLQ. */
export const NON_RETRIABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'invalid',
  'unprocessable',
  'forbidden',
  'not_found',
  'conflict',
  'unsupported_media_type',
  'too_large',
]);

export function isRetriable(error: unknown): boolean {
  return !(error instanceof AppError && NON_RETRIABLE_KINDS.has(error.kind));
}
