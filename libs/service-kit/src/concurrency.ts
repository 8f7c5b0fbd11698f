import { AppError } from '@dx/contracts';

/** Strong ETag of an aggregate version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Checks `If-Match` against the current version (RFC 9110 §13.1.1). Absent means "no
 * precondition"; `*` matches any existing resource; a list matches if any entry does. Weak tags
 * are compared weakly, which for version numbers is the same comparison.
 */
export function assertIfMatch(header: string | undefined, currentVersion: number): void {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes(etagOf(currentVersion))) return;
  throw new AppError(
    'precondition_failed',
    'REQUEST.STALE_VERSION',
    `If-Match ${header} does not match the current version ${etagOf(currentVersion)}`,
    [{ path: 'If-Match', message: `current ETag is ${etagOf(currentVersion)}` }],
    { currentVersion },
  );
}
