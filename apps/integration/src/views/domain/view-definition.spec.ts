import { checkDefinition, fieldsUsed, type ViewDefinition } from './view-definition';

const def: Pick<ViewDefinition, 'leftDatasetId' | 'rightDatasetId' | 'joinKeys' | 'aggregations'> =
  {
    leftDatasetId: 'a',
    rightDatasetId: 'b',
    joinKeys: [{ left: 'district', right: 'district_code' }],
    aggregations: [
      { name: 'people', fn: 'sum', source: 'left', field: 'people' },
      { name: 'outlets', fn: 'count', source: 'right' },
      { name: 'seats', fn: 'avg', source: 'right', field: 'seats' },
    ],
  };
const props = {
  left: { district: { type: 'string' }, people: { type: 'integer' }, note: { type: 'string' } },
  right: { district_code: { type: 'string' }, seats: { type: ['number', 'null'] } },
};

describe('view definitions', () => {
  it('accepts a sound definition and lists the fields each side contributes', () => {
    expect(checkDefinition(def, props)).toEqual([]);
    expect(fieldsUsed(def, 'left')).toEqual(['district', 'people']);
    expect(fieldsUsed(def, 'right')).toEqual(['district_code', 'seats']);
  });

  it('names every offence with its path', () => {
    expect(
      checkDefinition(
        {
          leftDatasetId: 'a',
          rightDatasetId: 'a',
          joinKeys: [{ left: 'district', right: 'nope' }],
          aggregations: [
            { name: 'x', fn: 'sum', source: 'left', field: 'note' },
            { name: 'x', fn: 'avg', source: 'right' },
            { name: 'y', fn: 'max', source: 'right', field: 'ghost' },
          ],
        },
        props,
      ),
    ).toEqual([
      { path: 'right.datasetId', message: 'must be another dataset than left' },
      { path: 'joinKeys[0].right', message: 'is not a field of the right dataset' },
      { path: 'aggregations[0].field', message: 'sum needs a number or integer field' },
      { path: 'aggregations[1].name', message: 'repeats an earlier aggregation name' },
      { path: 'aggregations[1].field', message: 'is required for avg' },
      { path: 'aggregations[2].field', message: 'is not a field of the right dataset' },
    ]);
  });
});
