import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level: the same record always serialises, and so hashes,
 * the same. Written out directly (no replacer building sorted copies): it runs once per ingested
 * record. Follows JSON.stringify for everything else (undefined members dropped, toJSON honoured).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** An array-index key (0 … 2³² − 2), which JavaScript enumerates before all others. */
const isIndexKey = (k: string): boolean => /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;

function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return write((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  // JavaScript lists integer-like keys first, ascending; the rest are sorted by code unit (the
  // order JSON.stringify gives a key-sorted copy, which earlier hashes were computed with).
  const keys = Object.keys(obj);
  let ints = 0;
  while (ints < keys.length && isIndexKey(keys[ints])) ints += 1;
  const sorted = ints === 0 ? keys.sort() : keys.slice(0, ints).concat(keys.slice(ints).sort());
  let out = '';
  for (const k of sorted) {
    const v = write(obj[k]);
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${v}`;
  }
  return `{${out}}`;
}

/** Hex SHA-256 of a record's canonical JSON. */
export const hashOf = (canonical: string): string =>
  createHash('sha256').update(canonical).digest('hex');

/** Content hash of a record: unchanged records are skipped. */
export const contentHash = (record: unknown): string => hashOf(canonicalJson(record));
