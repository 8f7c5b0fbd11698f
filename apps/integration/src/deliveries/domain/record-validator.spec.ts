import { RecordValidators } from './record-validator';

describe('RecordValidators', () => {
  const schema = {
    type: 'object',
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^(a+)+$' } },
    patternProperties: { '^x-(a|aa)+$': { type: 'integer' } },
  };

  it('evaluates a catastrophic-backtracking pattern on a long string in linear time (RE2), with the right answer', () => {
    const validate = new RecordValidators().get('redos', schema);
    // With a backtracking engine this input takes longer than the age of the universe.
    const hostile = `${'a'.repeat(100_000)}!`;
    expect(validate({ code: hostile })).toEqual([
      { path: '/code', message: 'must match pattern "^(a+)+$"' },
    ]);
    expect(validate({ code: 'a'.repeat(100_000) })).toEqual([]);
    expect(validate({ code: 'aaa', [`x-${'a'.repeat(50_000)}b`]: 'not matched, so free' })).toEqual(
      [],
    );
    expect(validate({ code: 'aaa', 'x-aaaa': 'text' })).toEqual([
      { path: '/x-aaaa', message: 'must be integer' },
    ]);
  });

  it('refuses a pattern RE2 cannot run (lookaround) when compiling', () => {
    expect(() =>
      new RecordValidators().get('lookahead', {
        type: 'object',
        properties: { code: { type: 'string', pattern: '^(?=a)a$' } },
      }),
    ).toThrow(/unsupported Perl syntax/);
  });
  it('names a missing and an undeclared property by path, as a partner reads them', () => {
    const validate = new RecordValidators().get('closed', {
      type: 'object',
      required: ['code', 'count'],
      additionalProperties: false,
      properties: { code: { type: 'string' }, count: { type: 'integer' } },
    });
    expect(validate({ code: 'a', colour: 'red' })).toEqual(
      expect.arrayContaining([
        { path: '/count', message: 'is required' },
        { path: '/colour', message: 'is not a property of the schema' },
      ]),
    );
  });
});
