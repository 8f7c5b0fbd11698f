import type { StagedRecord } from '../../records/domain/record-store';
import { canonicalJson, hashOf } from './content-hash';
import { typeCsvRow } from './csv-typing';
import type { QualityAccumulator } from './quality';
import type { RecordError } from './record-validator';

/** How one delivery's records are read: its schema, keys and validator, and where quality goes. */
export interface RecordRules {
  /** CSV cells are text and are typed by the schema first. */
  csv: boolean;
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField: string | null;
  timeField: string | null;
  validate: (record: unknown) => RecordError[];
  quality: QualityAccumulator;
}

/** A JSON text holding a real NUL (`\u0000` not preceded by an escaping backslash): jsonb refuses it. */
const NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** A time PostgreSQL stores exactly as JavaScript read it (years 1–9999), else null. */
export function storableTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  const year = d.getUTCFullYear();
  return year >= 1 && year <= 9999 ? d.toISOString() : null;
}

/**
 * One parsed record as the store stages it: typed (CSV), validated, scored into the delivery's
 * quality, keyed and hashed. A record that is not an object, or that holds a NUL character, is
 * staged with its errors (for the quarantine) and never applied.
 */
export function toStagedRecord(line: number, value: unknown, rules: RecordRules): StagedRecord {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const record = isObject
    ? rules.csv
      ? typeCsvRow(value as Record<string, string>, rules.schema)
      : (value as Record<string, unknown>)
    : {};
  const errors = isObject ? rules.validate(record) : [{ path: '/', message: 'must be an object' }];
  let json = canonicalJson(isObject ? record : value);
  if (NUL_ESCAPE.test(json)) {
    // The validator names the fields; this covers what it does not see (a non-object record).
    if (!errors.some((e) => e.message.includes('NUL')))
      errors.push({
        path: '/',
        message: 'holds a NUL character (\\u0000), which cannot be stored',
      });
    // Only the quarantined copy is kept, with the NUL made visible; the record is not applied.
    json = json.replace(/\\u0000/g, '\\ufffd');
  }
  rules.quality.add(record, errors);
  const key = JSON.stringify(rules.primaryKey.map((k) => record[k] ?? null));
  if (errors.length)
    return { key, json, hash: null, subjectId: null, recordTime: null, line, errors };
  const subject = rules.subjectField ? record[rules.subjectField] : undefined;
  return {
    key,
    json,
    hash: hashOf(json),
    subjectId: typeof subject === 'string' ? subject : null,
    recordTime: rules.timeField ? storableTime(record[rules.timeField]) : null,
    line,
    errors: null,
  };
}
