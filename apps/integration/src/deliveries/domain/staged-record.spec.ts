import { canonicalJson, hashOf } from './content-hash';
import { QualityAccumulator } from './quality';
import { RecordValidators } from './record-validator';
import { storableTime, toStagedRecord, type RecordRules } from './staged-record';

const schema = {
  type: 'object',
  required: ['stop', 'hour', 'riders'],
  properties: {
    stop: { type: 'string' },
    hour: { type: 'string', format: 'date-time' },
    riders: { type: 'integer', minimum: 0 },
    card: { type: 'string' },
  },
};

function rules(over: Partial<RecordRules> = {}): RecordRules {
  return {
    csv: false,
    schema,
    primaryKey: ['stop', 'hour'],
    subjectField: 'card',
    timeField: 'hour',
    validate: new RecordValidators().get('staged:1', schema),
    quality: new QualityAccumulator({
      required: ['stop', 'hour', 'riders'],
      properties: Object.keys(schema.properties),
      primaryKey: ['stop', 'hour'],
      timeField: 'hour',
      receivedAt: new Date('2026-03-02T12:00:00Z'),
      countDuplicatesInMemory: false,
    }),
    ...over,
  };
}

describe('a record as the store stages it', () => {
  it('keys, hashes and indexes a valid record', () => {
    const record = { stop: 'S1', hour: '2026-03-02T10:00:00+06:00', riders: 12, card: 'c-1' };
    const s = toStagedRecord(7, record, rules());
    expect(s).toEqual({
      key: '["S1","2026-03-02T10:00:00+06:00"]',
      json: canonicalJson(record),
      hash: hashOf(canonicalJson(record)),
      subjectId: 'c-1',
      recordTime: '2026-03-02T04:00:00.000Z',
      line: 7,
      errors: null,
    });
  });

  it('types CSV cells by the schema before validating', () => {
    const s = toStagedRecord(
      2,
      { stop: 'S1', hour: '2026-03-02T10:00:00Z', riders: '12' },
      rules({ csv: true }),
    );
    expect(s.errors).toBeNull();
    expect(JSON.parse(s.json)).toEqual({ stop: 'S1', hour: '2026-03-02T10:00:00Z', riders: 12 });
  });

  it('stages an invalid record with its errors, no hash and nothing indexed, and scores it', () => {
    const r = rules();
    const s = toStagedRecord(3, { stop: 'S1', hour: 'yesterday', riders: -1, card: 'c' }, r);
    expect(s.hash).toBeNull();
    expect(s.subjectId).toBeNull();
    expect(s.recordTime).toBeNull();
    expect(s.errors?.map((e) => e.path).sort()).toEqual(['/hour', '/riders']);
    expect(r.quality.report().validity).toBeLessThan(1);
  });

  it('refuses a record that is not an object, keyed by nulls', () => {
    const s = toStagedRecord(1, [1, 2], rules());
    expect(s.errors).toEqual([{ path: '/', message: 'must be an object' }]);
    expect(s.key).toBe('[null,null]');
    expect(s.json).toBe('[1,2]');
  });

  it('keeps a record with a NUL character only as a quarantined copy with the NUL made visible', () => {
    const s = toStagedRecord(4, ['a\u0000b'], rules());
    expect(s.errors).toContainEqual({
      path: '/',
      message: 'holds a NUL character (\\u0000), which cannot be stored',
    });
    expect(s.json).toBe('["a\\ufffdb"]');
    // An escaped backslash before "u0000" is text, not a NUL.
    expect(
      toStagedRecord(5, { stop: 'a\\u0000', hour: '2026-03-02T10:00:00Z', riders: 1 }, rules())
        .errors,
    ).toBeNull();
  });

  it('stores only times PostgreSQL keeps exactly', () => {
    expect(storableTime('2026-03-02T10:00:00Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(storableTime('+010000-01-01T00:00:00Z')).toBeNull();
    expect(storableTime('not a time')).toBeNull();
    expect(storableTime(1_700_000_000_000)).toBeNull();
  });
});
