import { AppError, type ErrorKind } from '@dx/contracts';

/** The one table from error kind to HTTP status. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<ErrorKind, string> = {
  invalid: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  precondition_failed: 'Precondition failed',
  too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
};

export function titleOf(kind: ErrorKind): string {
  return TITLES[kind];
}

export const unauthenticated = (detail: string, code = 'AUTH.INVALID_TOKEN'): AppError =>
  new AppError('unauthenticated', code, detail);
export const forbidden = (detail: string, code = 'AUTH.FORBIDDEN'): AppError =>
  new AppError('forbidden', code, detail);
