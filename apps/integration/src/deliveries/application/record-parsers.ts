import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse as parseCsvStream, type CsvError } from 'csv-parse';
import { parser as jsonParser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/StreamArray';
import { AppError } from '@dx/contracts';

/** One record as it came in: where (line, or position for JSON arrays) and what. */
export interface ParsedRecord {
  line: number;
  value: unknown;
}

export type DeliveryFormat = 'ndjson' | 'json' | 'csv';

const malformed = (line: number, message: string): AppError =>
  new AppError(
    'invalid',
    'DELIVERY.MALFORMED',
    `line ${line}: ${message}`,
    [{ path: `line ${line}`, message }],
    { line },
  );

/** How many bytes at the end of `buf` begin a UTF-8 sequence that the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let k = 1; k <= Math.min(3, buf.length); k++) {
    const b = buf[buf.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead byte is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Passes a delivery's bytes through unchanged, failing with the line number at the first byte
 * sequence that is not UTF-8. Decoders elsewhere would replace it with U+FFFD and store a record
 * nobody sent; a partner learns which line to fix instead. Linear: native checks per chunk, a
 * sequence split between chunks carried over (at most 3 bytes).
 */
export function strictUtf8(input: Readable): Readable {
  let linesBefore = 0;
  let carry = Buffer.alloc(0);
  const invalidAt = (bytes: Buffer): AppError => {
    let line = linesBefore + 1;
    let start = 0;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, start)) {
      if (!isUtf8(bytes.subarray(start, i))) break;
      line++;
      start = i + 1;
    }
    return malformed(line, 'is not valid UTF-8 (the delivery must be encoded in UTF-8)');
  };
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const keep = incompleteTail(data);
      const whole = data.subarray(0, data.length - keep);
      if (!isUtf8(whole)) return done(invalidAt(whole));
      linesBefore += countNewlines(whole);
      carry = Buffer.from(data.subarray(data.length - keep));
      done(null, chunk);
    },
    flush(done) {
      done(carry.length ? invalidAt(carry) : null);
    },
  });
  input.on('error', (e) => check.destroy(e));
  return input.pipe(check);
}

/** NDJSON: one JSON value per line; blank lines are allowed. Never holds more than a line. */
export async function* parseNdjson(input: Readable): AsyncGenerator<ParsedRecord> {
  let line = 0;
  let failure: Error | undefined;
  const lines = createInterface({ input, crlfDelay: Infinity });
  // An input error (a size limit, a dropped connection) must surface, not end the loop quietly.
  input.on('error', (e) => {
    failure = e;
    lines.close();
  });
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw malformed(line, `not JSON (${(e as Error).message})`);
    }
    yield { line, value };
  }
  if (failure) throw failure;
}

/**
 * A JSON array streamed element by element; `line` is the element's position (1-based). A syntax
 * error is reported at the position of the first element that could not be read.
 */
export async function* parseJsonArray(input: Readable): AsyncGenerator<ParsedRecord> {
  const parser = jsonParser();
  const elements = streamArray();
  let failure: Error | undefined;
  // pipe() does not forward errors: stop cleanly after the elements read so far, then report.
  parser.on('error', (e) => {
    failure = e;
    elements.end();
  });
  input.on('error', (e) => elements.destroy(e));
  input.pipe(parser).pipe(elements);
  let position = 0;
  try {
    for await (const chunk of elements as AsyncIterable<{ key: number; value: unknown }>) {
      position = chunk.key + 1;
      yield { line: position, value: chunk.value };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw malformed(position + 1, `not a JSON array of records (${(e as Error).message})`);
  }
  if (failure) throw malformed(position + 1, `not a JSON array of records (${failure.message})`);
}

/** CSV with a header row; `line` is the record's line in the file. */
export async function* parseCsv(input: Readable): AsyncGenerator<ParsedRecord> {
  const rows = input.pipe(
    parseCsvStream({ columns: true, info: true, bom: true, skip_empty_lines: true, trim: false }),
  );
  // pipe() does not forward errors (an invalid byte, a size limit): end the rows with it.
  input.on('error', (e) => rows.destroy(e));
  try {
    for await (const row of rows as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: row.info.lines, value: row.record };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as CsvError & { lines?: number };
    throw malformed(err.lines ?? 0, err.message);
  }
}

export function parserFor(
  format: DeliveryFormat,
): (input: Readable) => AsyncGenerator<ParsedRecord> {
  const parse = format === 'ndjson' ? parseNdjson : format === 'json' ? parseJsonArray : parseCsv;
  return (input) => parse(strictUtf8(input));
}

/** The format from a Content-Type, or a 415 naming the accepted ones. */
export function formatOf(contentType: string | undefined): DeliveryFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'ndjson';
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  throw new AppError(
    'unsupported_media_type',
    'DELIVERY.UNSUPPORTED_MEDIA_TYPE',
    `content type '${type || 'none'}' is not accepted; send application/x-ndjson, application/json or text/csv`,
  );
}
