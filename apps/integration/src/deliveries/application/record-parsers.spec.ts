import { Readable } from 'node:stream';
import {
  formatOf,
  parseCsv,
  parseJsonArray,
  parseNdjson,
  parserFor,
  type ParsedRecord,
} from './record-parsers';

async function all(gen: AsyncGenerator<ParsedRecord>): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('record parsers', () => {
  it('reads NDJSON across chunk boundaries with line numbers, skipping blank lines', async () => {
    const records = await all(parseNdjson(chunks('{"a":1}\n\n{"a"', ':2}\r\n{"a":3}')));
    expect(records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { a: 2 } },
      { line: 4, value: { a: 3 } },
    ]);
  });

  it('names the line of malformed NDJSON', async () => {
    await expect(all(parseNdjson(chunks('{"a":1}\n{"a":\n')))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'DELIVERY.MALFORMED',
      extensions: { line: 2 },
    });
  });

  it('streams a JSON array element by element and refuses a non-array', async () => {
    expect(await all(parseJsonArray(chunks('[{"a":1},', '{"a":2}]')))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
    ]);
    await expect(all(parseJsonArray(chunks('[{"a":1}, {"a": }]')))).rejects.toMatchObject({
      code: 'DELIVERY.MALFORMED',
      extensions: { line: 2 },
    });
  });

  it('reads CSV with a header and reports the line of a malformed row', async () => {
    expect(await all(parseCsv(chunks('district,people\n', 'Almaly,10\n"Medeu, old",5\n')))).toEqual(
      [
        { line: 2, value: { district: 'Almaly', people: '10' } },
        { line: 3, value: { district: 'Medeu, old', people: '5' } },
      ],
    );
    await expect(
      all(parseCsv(chunks('district,people\nAlmaly,10\nMedeu,5,extra\n'))),
    ).rejects.toMatchObject({
      code: 'DELIVERY.MALFORMED',
      extensions: { line: 3 },
    });
  });

  it('refuses invalid UTF-8 with the line it is on, in every format, and never yields U+FFFD', async () => {
    const bad = Buffer.from([0x22, 0xff, 0xfe, 0x22]); // "\xff\xfe": no UTF-8 sequence
    const nd = Readable.from([
      Buffer.from('{"a":"ok"}\n{"a":"Алматы"}\n{"a":'),
      bad,
      Buffer.from('}\n'),
    ]);
    await expect(all(parserFor('ndjson')(nd))).rejects.toMatchObject({
      code: 'DELIVERY.MALFORMED',
      extensions: { line: 3 },
    });
    const csv = Readable.from([
      Buffer.from('district,people\nAlmaly,10\n'),
      bad,
      Buffer.from(',5\n'),
    ]);
    await expect(all(parserFor('csv')(csv))).rejects.toMatchObject({
      code: 'DELIVERY.MALFORMED',
      extensions: { line: 3 },
    });
    const json = Readable.from([Buffer.from('[{"a":'), bad, Buffer.from('}]')]);
    await expect(all(parserFor('json')(json))).rejects.toMatchObject({
      code: 'DELIVERY.MALFORMED',
      message: expect.stringContaining('UTF-8'),
    });
  });

  it('accepts a multi-byte character split between chunks, and refuses one cut off at the end', async () => {
    const text = Buffer.from('{"d":"Бостандык"}\n');
    const split = Readable.from([text.subarray(0, 8), text.subarray(8, 9), text.subarray(9)]);
    expect(await all(parserFor('ndjson')(split))).toEqual([{ line: 1, value: { d: 'Бостандык' } }]);
    const cut = Readable.from([Buffer.from('{"d":"ok"}\n'), text.subarray(0, 8)]);
    await expect(all(parserFor('ndjson')(cut))).rejects.toMatchObject({
      extensions: { line: 2 },
    });
  });

  it('maps content types and answers 415 for others', () => {
    expect(
      ['application/x-ndjson', 'application/json; charset=utf-8', 'text/csv'].map(formatOf),
    ).toEqual(['ndjson', 'json', 'csv']);
    expect(() => formatOf('application/xml')).toThrow(
      expect.objectContaining({ kind: 'unsupported_media_type' }),
    );
  });
});
