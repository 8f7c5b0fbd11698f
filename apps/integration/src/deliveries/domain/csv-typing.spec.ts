import { typeCsvRow } from './csv-typing';

const schema = {
  type: 'object',
  properties: {
    district: { type: 'string' },
    people: { type: 'integer' },
    share: { type: 'number' },
    open: { type: 'boolean' },
    note: { type: ['string', 'null'] },
    tags: { type: 'array' },
  },
};

describe('typeCsvRow', () => {
  it('converts cells to the declared types', () => {
    expect(
      typeCsvRow(
        { district: '007', people: '42', share: '0.5', open: 'TRUE', note: '', tags: '["a"]' },
        schema,
      ),
    ).toEqual({
      district: '007',
      people: 42,
      share: 0.5,
      open: true,
      note: null,
      tags: ['a'],
    });
  });

  it('leaves cells that do not convert as text (validation reports them) and drops empty optional cells', () => {
    expect(typeCsvRow({ people: 'many', share: '', open: 'perhaps' }, schema)).toEqual({
      people: 'many',
      open: 'perhaps',
    });
  });
  it('keeps a cell that looks like JSON but is not, for the schema check to name it', () => {
    expect(typeCsvRow({ tags: '[a, b' }, schema)).toEqual({ tags: '[a, b' });
  });
});
