import { AppError } from '@dx/contracts';
import {
  MAX_RECORD_SCHEMA_BYTES,
  validateRecordSchema,
  type RecordSchemaDefinition,
} from './record-schema';

const valid = (): RecordSchemaDefinition => ({
  primaryKey: ['id'],
  subjectField: 'subject',
  timeField: 'at',
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['id', 'at'],
    properties: {
      id: { type: 'string' },
      subject: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
    },
  },
});

function failure(
  def: RecordSchemaDefinition,
  sensitivity: Parameters<typeof validateRecordSchema>[1] = 'internal',
): AppError {
  try {
    validateRecordSchema(def, sensitivity);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the schema to be refused');
}

describe('validateRecordSchema', () => {
  it('accepts a 2020-12 object schema whose platform fields exist', () => {
    expect(() => validateRecordSchema(valid(), 'personal')).not.toThrow();
  });

  it('refuses a document that breaks the meta-schema, naming the meta-schema error', () => {
    const def = valid();
    (def.schema.properties as Record<string, unknown>).id = { type: 'text' };
    const e = failure(def);
    expect([e.kind, e.code]).toEqual(['unprocessable', 'SCHEMA.INVALID']);
    expect(e.errors).toContainEqual(
      expect.objectContaining({
        path: 'schema/properties/id/type',
        message: expect.stringContaining('meta-schema'),
      }),
    );
  });

  it('refuses references to other documents without fetching them', () => {
    const def = valid();
    (def.schema.properties as Record<string, unknown>).geo = {
      $ref: 'https://partner.example/geo.json',
    };
    const e = failure(def);
    expect([e.kind, e.code]).toEqual(['unprocessable', 'SCHEMA.EXTERNAL_REFERENCE']);
    expect(e.errors).toEqual([expect.objectContaining({ path: 'schema/properties/geo/$ref' })]);
  });

  it('refuses a remote $schema (another dialect) like a remote $ref, and a nested $schema', () => {
    const def = valid();
    def.schema.$schema = 'https://partner.example/my-dialect.json';
    const e = failure(def);
    expect([e.kind, e.code]).toEqual(['unprocessable', 'SCHEMA.EXTERNAL_REFERENCE']);
    expect(e.errors).toEqual([
      expect.objectContaining({
        path: 'schema/$schema',
        message: expect.stringContaining('https://partner.example/my-dialect.json'),
      }),
    ]);
    const nested = valid();
    (nested.schema.properties as Record<string, unknown>).id = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'string',
    };
    expect(failure(nested).errors).toEqual([
      expect.objectContaining({ path: 'schema/properties/id/$schema' }),
    ]);
  });

  it('refuses a pattern the linear-time engine cannot run (lookaround, backreferences)', () => {
    const def = valid();
    (def.schema.properties as Record<string, unknown>).id = { type: 'string', pattern: '^(a)\\1$' };
    const e = failure(def);
    expect(e.kind).toBe('unprocessable');
    expect(e.message).toContain('does not compile');
  });

  it('refuses an unresolvable local reference when compiling', () => {
    const def = valid();
    (def.schema.properties as Record<string, unknown>).geo = { $ref: '#/$defs/missing' };
    expect(failure(def).code).toBe('SCHEMA.NOT_COMPILABLE');
  });

  it('names every unusable platform field at once', () => {
    const def = valid();
    def.primaryKey = ['id', 'nope', 'subject'];
    def.timeField = 'subject';
    def.subjectField = undefined;
    def.schema.type = 'array';
    const e = failure(def, 'personal');
    expect(e.errors.map((x) => x.path).sort()).toEqual(
      ['primaryKey[1]', 'primaryKey[2]', 'schema/type', 'subjectField', 'timeField'].sort(),
    );
  });

  it('refuses a primary key that repeats a field, and a subject field that is missing or not a string', () => {
    const def = valid();
    def.primaryKey = ['id', 'id'];
    def.subjectField = 'at';
    def.schema.properties = { ...(def.schema.properties as object), at: { type: 'integer' } };
    const e = failure(def);
    expect(e.errors).toEqual(
      expect.arrayContaining([
        { path: 'primaryKey', message: 'must not repeat a field' },
        { path: 'subjectField', message: "'at' must be a string property" },
      ]),
    );
    def.subjectField = 'who';
    expect(failure(def).errors).toContainEqual({
      path: 'subjectField',
      message: "'who' is not a property of the schema",
    });
  });

  it('refuses a nested $id: it would move the base of every "local" reference under it', () => {
    const def = valid();
    def.schema.properties = {
      ...(def.schema.properties as object),
      place: { $id: 'https://partner.example/place', type: 'object' },
    };
    expect(failure(def).errors).toContainEqual({
      path: 'schema/properties/place/$id',
      message: 'nested $id is not allowed',
    });
  });

  it('answers 413 for a schema over 256 KiB', () => {
    const def = valid();
    def.schema.description = 'x'.repeat(MAX_RECORD_SCHEMA_BYTES);
    expect(failure(def).kind).toBe('too_large');
  });

  it('accepts the same $id from two partners (no shared registry state)', () => {
    const def = valid();
    def.schema.$id = 'urn:dx:same';
    validateRecordSchema(def, 'internal');
    expect(() => validateRecordSchema(def, 'internal')).not.toThrow();
  });
});
