import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Content hash of a record (hex SHA-256 of its canonical JSON): unchanged records are skipped. */
export function contentHash(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}
