import fc from 'fast-check';
import { canonicalJson, canonicalJsonReference, contentHash } from './content-hash';

/** The obvious definition (a replacer building key-sorted copies), which the fast writer must equal. */
const reference = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );

it('writes the same text as the reference definition for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(canonicalJson(value)).toBe(reference(value));
      expect(canonicalJsonReference(value)).toBe(reference(value));
    }),
    { numRuns: 1000 },
  );
});

it('keeps a "__proto__" member and leaves already-ordered input untouched in meaning', () => {
  const parsed = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1},"a":[{"y":1,"x":2}]}') as unknown;
  expect(canonicalJson(parsed)).toBe(reference(parsed));
  expect(canonicalJson(parsed)).toBe('{"__proto__":{"a":1,"b":2},"a":[{"x":2,"y":1}],"z":1}');
  expect(canonicalJson({ a: 1, b: { c: [1, 2] } })).toBe('{"a":1,"b":{"c":[1,2]}}');
});

it('ignores key order, drops undefined members and honours toJSON', () => {
  const at = new Date('2026-03-02T10:00:00Z');
  expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: at }, e: undefined })).toBe(
    '{"a":{"c":"2026-03-02T10:00:00.000Z","d":[1,null]},"b":1}',
  );
  expect(canonicalJson({ b: 1, 10: 1, 2: 1, 99999999999: 1, '!': 1 })).toBe(
    reference({ b: 1, 10: 1, 2: 1, 99999999999: 1, '!': 1 }),
  );
  expect(contentHash({ x: 1, y: 2 })).toBe(contentHash({ y: 2, x: 1 }));
  expect(contentHash({ x: 1, y: 2 })).not.toBe(contentHash({ x: 1, y: 3 }));
});
