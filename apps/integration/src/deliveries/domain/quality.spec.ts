import { QualityAccumulator } from './quality';
import { RecordValidators } from './record-validator';

const schema = {
  type: 'object',
  required: ['district', 'hour', 'people'],
  properties: {
    district: { type: 'string', enum: ['Almaly', 'Medeu'] },
    hour: { type: 'string', format: 'date-time' },
    people: { type: 'integer', minimum: 0 },
    note: { type: 'string' },
  },
};

describe('delivery quality', () => {
  it('computes every measure as the hand-computed fractions', () => {
    const receivedAt = new Date('2026-03-02T12:00:00Z');
    const q = new QualityAccumulator({
      required: ['district', 'hour', 'people'],
      properties: ['district', 'hour', 'people', 'note'],
      primaryKey: ['district', 'hour'],
      timeField: 'hour',
      freshnessMs: 24 * 3_600_000,
      receivedAt,
    });
    const validate = new RecordValidators().get('d:1', schema);
    const records = [
      { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 100 }, // fine, current
      { district: 'Almaly', hour: '2026-03-02T10:00:00Z', people: 101 }, // duplicate key
      { district: 'Medeu', hour: '2026-02-20T10:00:00Z', people: -5, note: 'x' }, // people invalid; stale
      { district: 'Bostandyk', hour: '2026-03-03T10:00:00Z' }, // district invalid; people missing; future
    ];
    for (const r of records) q.add(r, validate(r));
    // mandatory cells: 4 × 3 = 12, filled 11 → 11/12
    // declared cells present: 3 + 3 + 4 + 2 = 12, bad: people (rec 3) + district (rec 4) = 2 → 10/12
    // uniqueness: 1 duplicate of 4 → 3/4; consistency: 1 future of 4 → 3/4
    // currentness: within 24 h: rec 1, rec 2 → 2/4 (the future one is not current)
    expect(q.report()).toEqual({
      completeness: 0.916667,
      validity: 0.833333,
      uniqueness: 0.75,
      consistency: 0.75,
      currentness: 0.5,
      crossSourceAgreement: null,
    });
  });

  it('reports every error of a record with its JSON path', () => {
    const validate = new RecordValidators().get('d:1', schema);
    expect(validate({ district: 'Nowhere', people: 'many' })).toEqual(
      expect.arrayContaining([
        { path: '/hour', message: 'is required' },
        expect.objectContaining({ path: '/district' }),
        expect.objectContaining({ path: '/people', message: 'must be integer' }),
      ]),
    );
  });

  it('has no currentness without a time field and full scores for an empty delivery', () => {
    const q = new QualityAccumulator({
      required: [],
      properties: [],
      primaryKey: ['id'],
      receivedAt: new Date(),
    });
    expect(q.report()).toEqual({
      completeness: 1,
      validity: 1,
      uniqueness: 1,
      consistency: 1,
      currentness: null,
      crossSourceAgreement: null,
    });
  });
});
