import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from '@dx/contracts';
import { canonicalJson, hashOf } from '../domain/content-hash';
import { typeCsvRow } from '../domain/csv-typing';
import type { QualityAccumulator } from '../domain/quality';
import type { RecordError } from '../domain/record-validator';
import type { DeliveryFormat, ParsedRecord } from './record-parsers';

export interface StageContext {
  format: DeliveryFormat;
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField: string | null;
  timeField: string | null;
  validate: (record: unknown) => RecordError[];
  quality: QualityAccumulator;
  maxRecords: number;
  /** Called after each record is staged (the fault-injection point of the atomicity test). */
  afterRecord?: (received: number) => void;
}

export interface StageCounts {
  received: number;
  valid: number;
  quarantined: number;
}

/** Bytes of COPY text gathered before one write: few large writes, bounded memory. */
const CHUNK_BYTES = 256 * 1024;

/** A JSON text holding a real NUL (`\u0000` not preceded by an escaping backslash): jsonb refuses it. */
const NUL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** COPY text format: backslash, newline, carriage return and tab are escaped; null is `\N`. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value)
    ? value.replace(/[\\\n\r\t]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
      )
    : value;
}

/** JSON text as a COPY field: JSON never holds raw control characters, only backslashes to double. */
const copyJson = (json: string): string =>
  json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;

/** A time PostgreSQL stores exactly as JavaScript read it (years 1–9999), else null. */
function timeOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  const year = d.getUTCFullYear();
  return year >= 1 && year <= 9999 ? d.toISOString() : null;
}

/**
 * Streams one delivery's records into the stage `delivery_stage` (temporary, emptied at commit) with a single
 * COPY: records are parsed one at a time, typed (CSV), validated, scored and encoded, and the COPY
 * stream's back-pressure paces the parser, so memory stays flat whatever the delivery's size and
 * PostgreSQL ingests while Node parses (the two cores work at once). Every record is staged, valid or
 * not: repeated keys are counted in SQL and quarantine rows are taken from the stage at the end.
 * An error (malformed body, a limit) aborts the COPY (CopyFail) and the caller's transaction.
 */
export async function stageRecords(
  client: PoolClient,
  records: AsyncIterable<ParsedRecord>,
  ctx: StageContext,
): Promise<StageCounts> {
  const counts: StageCounts = { received: 0, valid: 0, quarantined: 0 };
  const { primaryKey, subjectField, timeField } = ctx;

  const encode = ({ line, value }: ParsedRecord): string => {
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const record = isObject
      ? ctx.format === 'csv'
        ? typeCsvRow(value as Record<string, string>, ctx.schema)
        : (value as Record<string, unknown>)
      : {};
    const errors = isObject ? ctx.validate(record) : [{ path: '/', message: 'must be an object' }];
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
    ctx.quality.add(record, errors);
    const key = JSON.stringify(primaryKey.map((k) => record[k] ?? null));
    if (errors.length) {
      counts.quarantined += 1;
      return `${copyText(key)}\t${copyJson(json)}\t\\N\t\\N\t\\N\t${line}\t${copyJson(JSON.stringify(errors))}\n`;
    }
    counts.valid += 1;
    const subject = subjectField ? record[subjectField] : undefined;
    return `${copyText(key)}\t${copyJson(json)}\t${hashOf(json)}\t${copyText(
      typeof subject === 'string' ? subject : null,
    )}\t${copyText(timeField ? timeOf(record[timeField]) : null)}\t${line}\t\\N\n`;
  };

  async function* copyRows(): AsyncGenerator<string> {
    let chunk = '';
    for await (const parsed of records) {
      counts.received += 1;
      if (counts.received > ctx.maxRecords)
        throw new AppError(
          'too_large',
          'DELIVERY.TOO_MANY_RECORDS',
          `a delivery holds at most ${ctx.maxRecords} records`,
        );
      chunk += encode(parsed);
      ctx.afterRecord?.(counts.received);
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  await pipeline(
    Readable.from(copyRows()),
    client.query(
      copyFrom(
        `COPY delivery_stage (record_key, data, content_hash, subject_id, record_time, line, errors) FROM STDIN`,
      ),
    ),
  );
  return counts;
}
