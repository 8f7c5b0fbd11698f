import type { RecordSchemaDefinition } from './record-schema';
import { compareRecordSchemas } from './schema-diff';

const base = (): RecordSchemaDefinition => ({
  primaryKey: ['district', 'hour'],
  timeField: 'hour',
  schema: {
    type: 'object',
    required: ['district', 'hour', 'people'],
    properties: {
      district: { type: 'string', enum: ['Almaly', 'Bostandyk', 'Medeu'] },
      hour: { type: 'string', format: 'date-time' },
      people: { type: 'integer', minimum: 0 },
      note: { type: 'string', maxLength: 200 },
      tags: { type: 'array', items: { type: 'string' } },
    },
  },
});

function changed(
  mutate: (d: RecordSchemaDefinition) => void,
): ReturnType<typeof compareRecordSchemas> {
  const next = structuredClone(base());
  mutate(next);
  return compareRecordSchemas(base(), next);
}

const props = (d: RecordSchemaDefinition): Record<string, Record<string, unknown>> =>
  d.schema.properties as Record<string, Record<string, unknown>>;

describe('compareRecordSchemas', () => {
  it('finds no difference between identical versions', () => {
    expect(compareRecordSchemas(base(), base())).toEqual({
      compatibility: 'compatible',
      differences: [],
    });
  });

  it.each([
    [
      'removed property',
      (d: RecordSchemaDefinition) => delete props(d).note,
      'property-removed',
      '/properties/note',
    ],
    [
      'narrowed type',
      (d: RecordSchemaDefinition) => (props(d).note.type = 'integer'),
      'type-narrowed',
      '/properties/note/type',
    ],
    [
      'new required property',
      (d: RecordSchemaDefinition) => {
        props(d).source = { type: 'string' };
        (d.schema.required as string[]).push('source');
      },
      'required-property-added',
      '/properties/source',
    ],
    [
      'optional made required',
      (d: RecordSchemaDefinition) => (d.schema.required as string[]).push('note'),
      'property-made-required',
      '/properties/note',
    ],
    [
      'narrowed enum',
      (d: RecordSchemaDefinition) => (props(d).district.enum = ['Almaly', 'Medeu']),
      'enum-narrowed',
      '/properties/district/enum',
    ],
    [
      'enum on a free field',
      (d: RecordSchemaDefinition) => (props(d).note.enum = ['a']),
      'enum-narrowed',
      '/properties/note/enum',
    ],
    [
      'changed primary key',
      (d: RecordSchemaDefinition) => (d.primaryKey = ['district']),
      'primary-key-changed',
      'primaryKey',
    ],
    [
      'tightened maxLength',
      (d: RecordSchemaDefinition) => (props(d).note.maxLength = 100),
      'constraint-tightened',
      '/properties/note/maxLength',
    ],
    [
      'raised minimum',
      (d: RecordSchemaDefinition) => (props(d).people.minimum = 10),
      'constraint-tightened',
      '/properties/people/minimum',
    ],
    [
      'added pattern',
      (d: RecordSchemaDefinition) => (props(d).note.pattern = '^[a-z]+$'),
      'constraint-tightened',
      '/properties/note/pattern',
    ],
    [
      'closed additional properties',
      (d: RecordSchemaDefinition) => (d.schema.additionalProperties = false),
      'additional-properties-closed',
      '/additionalProperties',
    ],
    [
      'narrowed array items',
      (d: RecordSchemaDefinition) => (props(d).tags.items = { type: 'integer' }),
      'type-narrowed',
      '/properties/tags/items/type',
    ],
    [
      'changed composition',
      (d: RecordSchemaDefinition) => (props(d).note.anyOf = [{ type: 'string' }]),
      'composition-changed',
      '/properties/note/anyOf',
    ],
    [
      'changed subject field',
      (d: RecordSchemaDefinition) => (d.subjectField = 'note'),
      'subject-field-changed',
      'subjectField',
    ],
  ])('classifies a %s as breaking', (_name, mutate, change, path) => {
    const result = changed(mutate);
    expect(result.compatibility).toBe('breaking');
    expect(result.differences).toContainEqual(
      expect.objectContaining({ change, path, breaking: true }),
    );
  });

  it.each([
    [
      'added optional property',
      (d: RecordSchemaDefinition) => (props(d).source = { type: 'string' }),
      'property-added',
    ],
    [
      'integer widened to number',
      (d: RecordSchemaDefinition) => (props(d).people.type = 'number'),
      'type-widened',
    ],
    [
      'nullable added',
      (d: RecordSchemaDefinition) => (props(d).note.type = ['string', 'null']),
      'type-widened',
    ],
    [
      'enum widened',
      (d: RecordSchemaDefinition) =>
        (props(d).district.enum = ['Almaly', 'Bostandyk', 'Medeu', 'Auezov']),
      'enum-widened',
    ],
    ['enum removed', (d: RecordSchemaDefinition) => delete props(d).district.enum, 'enum-widened'],
    [
      'relaxed maxLength',
      (d: RecordSchemaDefinition) => (props(d).note.maxLength = 500),
      'constraint-relaxed',
    ],
    [
      'required made optional',
      (d: RecordSchemaDefinition) => (d.schema.required = ['district', 'hour']),
      'property-made-optional',
    ],
  ])('classifies %s as compatible', (_name, mutate, change) => {
    const result = changed(mutate);
    expect(result.compatibility).toBe('compatible');
    expect(result.differences.map((x) => x.change)).toEqual([change]);
  });

  it('classifies opening a closed object to undeclared properties as compatible', () => {
    const closed = structuredClone(base());
    closed.schema.additionalProperties = false;
    const result = compareRecordSchemas(closed, base());
    expect(result.compatibility).toBe('compatible');
    expect(result.differences).toEqual([
      expect.objectContaining({
        change: 'additional-properties-opened',
        path: '/additionalProperties',
        breaking: false,
      }),
    ]);
  });

  it('sees no change where the same types are spelt differently', () => {
    const result = changed((d) => {
      props(d).people.type = 'integer';
      props(d).note.type = ['string'];
    });
    expect(result).toEqual({ compatibility: 'compatible', differences: [] });
  });

  it('follows local references on both sides', () => {
    const withRefs = (districtType: string): RecordSchemaDefinition => ({
      primaryKey: ['id'],
      schema: {
        type: 'object',
        required: ['id'],
        $defs: { district: { type: districtType } },
        properties: { id: { type: 'string' }, district: { $ref: '#/$defs/district' } },
      },
    });
    const result = compareRecordSchemas(withRefs('string'), withRefs('integer'));
    expect(result.differences).toEqual([
      expect.objectContaining({ path: '/properties/district/type', change: 'type-narrowed' }),
    ]);
  });

  it('lists every difference, breaking and compatible, sorted by path', () => {
    const result = changed((d) => {
      delete props(d).note;
      props(d).source = { type: 'string' };
      props(d).people.type = 'number';
    });
    expect(result.compatibility).toBe('breaking');
    expect(result.differences.map((x) => [x.path, x.change])).toEqual([
      ['/properties/note', 'property-removed'],
      ['/properties/people/type', 'type-widened'],
      ['/properties/source', 'property-added'],
    ]);
  });
});
