import Ajv2020, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

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

/**
 * Compiled validators per record schema version, compiled once and kept (bounded, least recently
 * used out first): validation is the ingestion hot path. Every error of a record is reported.
 */
export class RecordValidators {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
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
    return (record) => (validate(record) ? [] : toErrors(validate.errors));
  }
}
