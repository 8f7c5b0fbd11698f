import Ajv2020, { type AnySchema, type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AppError, linearRegExp, type FieldError } from '@dx/contracts';
import type { Sensitivity } from './dataset-metadata';

/** The JSON Schema dialect partners write their record schemas in. */
export const RECORD_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** A record schema larger than this is refused (413); real ones are a few KiB. */
export const MAX_RECORD_SCHEMA_BYTES = 256 * 1024;

export type JsonSchema = Record<string, unknown>;

/** A record schema as partners submit it: the JSON Schema plus the fields with platform meaning. */
export interface RecordSchemaDefinition {
  schema: JsonSchema;
  primaryKey: string[];
  /** Pseudonymous data-subject id; consent withdrawals filter rows by it. */
  subjectField?: string;
  /** When the record's fact happened; currentness is measured against it. */
  timeField?: string;
  geoField?: string;
}

// One validator instance: it caches compiled schemas, and meta-schemas are compiled once.
// Partner patterns run on a linear-time engine (no catastrophic backtracking).
const ajv = new Ajv2020({
  allErrors: true,
  strict: false,
  validateFormats: true,
  code: { regExp: linearRegExp },
});
addFormats(ajv);

const REF_KEYWORDS = ['$ref', '$dynamicRef'];

/**
 * Every `$ref` must point inside the document (`#…`). We never fetch partner URLs: a remote
 * reference would let a partner make the platform call out (SSRF) and would make the schema's
 * meaning change without a new version.
 */
export function findExternalReferences(schema: unknown, path = ''): FieldError[] {
  if (Array.isArray(schema))
    return schema.flatMap((item, i) => findExternalReferences(item, `${path}/${i}`));
  if (!schema || typeof schema !== 'object') return [];
  const out: FieldError[] = [];
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    const here = `${path}/${key}`;
    if (REF_KEYWORDS.includes(key) && typeof value === 'string' && !value.startsWith('#')) {
      out.push({
        path: `schema${here}`,
        message: `references '${value}' outside this schema; only local references (#/…) are allowed`,
      });
    } else if (key === '$schema' && (path !== '' || value !== RECORD_SCHEMA_DIALECT)) {
      // A dialect is a reference too: ajv would look up (or a resolver fetch) any other URI, and
      // 2020-12 allows $schema only at the root of a schema resource.
      out.push({
        path: `schema${here}`,
        message:
          path === ''
            ? `references the dialect '${String(value)}'; only ${RECORD_SCHEMA_DIALECT} (or none) is accepted`
            : 'a nested $schema is not allowed',
      });
    } else if (key === '$id' && typeof value === 'string' && path !== '') {
      // A nested $id changes the base URI and makes "local" references resolve elsewhere.
      out.push({ path: `schema${here}`, message: 'nested $id is not allowed' });
    } else if (value && typeof value === 'object') {
      out.push(...findExternalReferences(value, here));
    }
  }
  return out;
}

function metaSchemaErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({
    path: `schema${e.instancePath}`,
    message: `${e.message ?? 'is invalid'} (meta-schema ${e.schemaPath})`,
  }));
}

type PropertyType = string | string[] | undefined;

function topLevelProperty(schema: JsonSchema, name: string): JsonSchema | undefined {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  const p = props?.[name];
  return p && typeof p === 'object' ? p : undefined;
}

function typesOf(p: JsonSchema): string[] {
  const t = p.type as PropertyType;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/**
 * Checks a record schema as a schema (JSON Schema 2020-12 meta-schema), compiles it once, and checks
 * the platform fields against it. Throws 413 for size, 422 with every finding otherwise.
 */
export function validateRecordSchema(def: RecordSchemaDefinition, sensitivity: Sensitivity): void {
  const size = Buffer.byteLength(JSON.stringify(def.schema));
  if (size > MAX_RECORD_SCHEMA_BYTES) {
    throw new AppError(
      'too_large',
      'SCHEMA.TOO_LARGE',
      `the record schema is ${size} bytes; at most ${MAX_RECORD_SCHEMA_BYTES} are accepted`,
      [{ path: 'schema', message: `must be at most ${MAX_RECORD_SCHEMA_BYTES} bytes` }],
    );
  }
  const external = findExternalReferences(def.schema);
  if (external.length) {
    throw new AppError(
      'unprocessable',
      'SCHEMA.EXTERNAL_REFERENCE',
      'the record schema references external documents',
      external,
    );
  }
  const errors: FieldError[] = [];
  if (!ajv.validateSchema(def.schema)) {
    throw new AppError(
      'unprocessable',
      'SCHEMA.INVALID',
      'the record schema is not a valid JSON Schema 2020-12 document',
      metaSchemaErrors(ajv.errors),
    );
  }
  if (def.schema.type !== 'object')
    errors.push({ path: 'schema/type', message: "must be 'object' (records are objects)" });
  if (!def.schema.properties || typeof def.schema.properties !== 'object')
    errors.push({ path: 'schema/properties', message: 'must declare the record properties' });
  const required = new Set((def.schema.required as string[] | undefined) ?? []);

  if (def.primaryKey.length === 0)
    errors.push({ path: 'primaryKey', message: 'must name at least one field' });
  def.primaryKey.forEach((field, i) => {
    const p = topLevelProperty(def.schema, field);
    if (!p) {
      errors.push({
        path: `primaryKey[${i}]`,
        message: `'${field}' is not a property of the schema`,
      });
      return;
    }
    if (!required.has(field))
      errors.push({ path: `primaryKey[${i}]`, message: `'${field}' must be in schema.required` });
    if (typesOf(p).some((t) => t === 'object' || t === 'array' || t === 'null'))
      errors.push({
        path: `primaryKey[${i}]`,
        message: `'${field}' must be a scalar, non-null value`,
      });
  });
  if (new Set(def.primaryKey).size !== def.primaryKey.length)
    errors.push({ path: 'primaryKey', message: 'must not repeat a field' });

  if (sensitivity === 'personal' && !def.subjectField)
    errors.push({ path: 'subjectField', message: "is required when sensitivity is 'personal'" });
  for (const key of ['subjectField', 'timeField', 'geoField'] as const) {
    const field = def[key];
    if (field === undefined) continue;
    const p = topLevelProperty(def.schema, field);
    if (!p) {
      errors.push({ path: key, message: `'${field}' is not a property of the schema` });
    } else if (key === 'timeField') {
      const format = p.format;
      if (!typesOf(p).includes('string') || (format !== 'date-time' && format !== 'date'))
        errors.push({
          path: key,
          message: `'${field}' must be a string with format date-time or date`,
        });
    } else if (key === 'subjectField' && !typesOf(p).includes('string')) {
      errors.push({ path: key, message: `'${field}' must be a string property` });
    }
  }
  if (errors.length) {
    throw new AppError(
      'unprocessable',
      'SCHEMA.INVALID',
      'the record schema is not usable',
      errors,
    );
  }
  try {
    // Compiling catches what the meta-schema cannot (unresolvable local references, bad patterns).
    ajv.compile(def.schema as AnySchema);
  } catch (e) {
    throw new AppError(
      'unprocessable',
      'SCHEMA.NOT_COMPILABLE',
      'the record schema does not compile',
      [{ path: 'schema', message: (e as Error).message }],
    );
  } finally {
    // Partner schemas must not accumulate in the shared instance's cache.
    ajv.removeSchema(def.schema);
  }
}
