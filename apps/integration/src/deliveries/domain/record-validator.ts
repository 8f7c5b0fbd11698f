import Ajv2020, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { linearRegExp } from '@dx/contracts';

export interface RecordError {
  /** JSON pointer into the record, `/` for the record itself. */
  path: string;
  message: string;
}

function toErrors(errors: ErrorObject[] | null | undefined): RecordError[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: `${e.instancePath}/${missing}`, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: `${e.instancePath}/${extra}`, message: 'is not a property of the schema' };
    }
    return { path: e.instancePath || '/', message: e.message ?? 'is invalid' };
  });
}

/** Every string value or key of a record holding U+0000, as JSON pointers; iterative. */
export function nulCharacters(record: unknown): RecordError[] {
  const out: RecordError[] = [];
  const stack: Array<[unknown, string]> = [[record, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        out.push({ path: path || '/', message: 'must not contain the NUL character (U+0000)' });
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const here = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (k.includes('\u0000'))
          out.push({ path: here, message: 'the field name must not contain the NUL character' });
        stack.push([item, here]);
      }
    }
  }
  return out.reverse();
}

/**
 * Compiled validators per record schema version, compiled once and kept (bounded, least recently
 * used out first): validation is the ingestion hot path. Every error of a record is reported.
 */
export class RecordValidators {
  // Partner patterns run on a linear-time engine: a ReDoS pattern cannot stall ingestion.
  private readonly ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateFormats: true,
    code: { regExp: linearRegExp },
  });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly capacity = 500) {
    addFormats(this.ajv);
  }

  get(key: string, schema: Record<string, unknown>): (record: unknown) => RecordError[] {
    let fn = this.cache.get(key);
    if (fn) {
      this.cache.delete(key);
    } else {
      // $id would collide between versions in one instance; the cache key is the identity here.
      const { $id: _id, ...rest } = schema;
      fn = this.ajv.compile(rest as AnySchema);
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, fn);
    const validate = fn;
    return (record) => {
      // PostgreSQL cannot store U+0000 in jsonb: such a record is quarantined, naming the field.
      const nul = nulCharacters(record);
      if (nul.length) return nul;
      return validate(record) ? [] : toErrors(validate.errors);
    };
  }
}
