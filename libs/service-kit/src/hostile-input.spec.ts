import { AppError } from '@dx/contracts';
import {
  assertJsonDepth,
  assertNoNulCharacters,
  findNulCharacters,
  jsonDepth,
  MAX_JSON_DEPTH,
} from './hostile-input';

const nested = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

describe('JSON depth before parsing', () => {
  it('measures nesting of objects and arrays, not brackets inside strings', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[[{{{{"}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('"\\"[[[["'))).toBe(0);
    expect(jsonDepth(nested(10))).toBe(10);
  });

  it('refuses a body deeper than the limit with 400 REQUEST.TOO_DEEP, accepts one at the limit', () => {
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH))).not.toThrow();
    let err: unknown;
    try {
      assertJsonDepth(nested(50_000));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect([(err as AppError).kind, (err as AppError).code]).toEqual([
      'invalid',
      'REQUEST.TOO_DEEP',
    ]);
  });
});

describe('NUL characters', () => {
  it('names every string value and key that holds one', () => {
    const body = {
      name: 'ok',
      contact: { email: 'a\u0000@b', tags: ['x', 'y\u0000'] },
      ['ke\u0000y']: 1,
    };
    expect(
      findNulCharacters(body)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['contact.email', 'contact.tags[1]', 'ke\u0000y'].sort());
    expect(() => assertNoNulCharacters(body)).toThrow(AppError);
    expect(() =>
      assertNoNulCharacters({ name: 'fine', n: 1, nested: [{ a: null }] }),
    ).not.toThrow();
  });

  it('walks a deep value without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNulCharacters(deep)).toHaveLength(1);
  });
});
