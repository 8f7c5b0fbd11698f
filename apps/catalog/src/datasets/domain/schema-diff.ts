import type { JsonSchema, RecordSchemaDefinition } from './record-schema';

export type Compatibility = 'compatible' | 'breaking';

/** One difference between two versions of a record schema. */
export interface SchemaDifference {
  /** JSON pointer into the new (or, for removals, the old) schema. */
  path: string;
  change:
    | 'property-added'
    | 'required-property-added'
    | 'property-removed'
    | 'property-made-required'
    | 'property-made-optional'
    | 'type-narrowed'
    | 'type-widened'
    | 'enum-narrowed'
    | 'enum-widened'
    | 'constraint-tightened'
    | 'constraint-relaxed'
    | 'additional-properties-closed'
    | 'additional-properties-opened'
    | 'composition-changed'
    | 'primary-key-changed'
    | 'subject-field-changed'
    | 'time-field-changed'
    | 'geo-field-changed';
  breaking: boolean;
  message: string;
}

export interface SchemaComparison {
  compatibility: Compatibility;
  differences: SchemaDifference[];
}

/*
 * The rule: a version is compatible when every record valid under the old version is still valid
 * under the new one AND no field the consumers were promised disappears. Removing a property,
 * narrowing a type, enum or constraint, adding a required property, closing additionalProperties or
 * changing the primary key or subject field is breaking. What cannot be proven compatible (changed
 * oneOf/anyOf/allOf/not/if) is reported as breaking, never guessed.
 */

/** Deeper nesting (or a `$ref` cycle) is not followed: the comparison stays bounded on hostile schemas. */
const MAX_DEPTH = 32;

/** Structural JSON equality, independent of key order (schemas come from JSON documents). */
function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) =>
      x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(
            Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
          )
        : x,
    ) ?? 'undefined'
  );
}
const sameJson = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * A node with its local `$ref` followed (JSON pointer into the same document; remote references are
 * refused earlier, at upload). Keywords beside the `$ref` apply too, as in JSON Schema 2020-12, so
 * they override the target's. `true`/`false` schemas become `{}` and `{ not: {} }`.
 */
function resolve(root: JsonSchema, node: unknown, depth = 0): JsonSchema {
  if (!node || typeof node !== 'object') return node === false ? { not: {} } : {};
  const s = node as JsonSchema;
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > MAX_DEPTH) return s;
  const target = ref
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], root);
  const { $ref: _ref, ...siblings } = s;
  return { ...resolve(root, target, depth + 1), ...siblings };
}

function types(s: JsonSchema): Set<string> | undefined {
  const t = s.type;
  if (t === undefined) return undefined; // any type
  return new Set(Array.isArray(t) ? (t as string[]) : [t as string]);
}

/** Whether every value of type `t` is accepted by the type set `to` (integer ⊂ number). */
function typeCovered(t: string, to: Set<string> | undefined): boolean {
  if (!to) return true;
  return to.has(t) || (t === 'integer' && to.has('number'));
}

/** The allowed values, if the schema lists them (`const` is a one-value enum). */
function enumOf(s: JsonSchema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum as unknown[];
  if ('const' in s) return [s.const];
  return undefined;
}

const containsValue = (list: unknown[], v: unknown): boolean => list.some((x) => sameJson(x, v));

/** Numeric bounds: for "min" kinds a larger new value tightens, for "max" kinds a smaller one. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf', 'uniqueItems'];
const COMPOSITIONS = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else'];

/** Walks both versions side by side and collects every difference with its verdict. */
class Differ {
  readonly out: SchemaDifference[] = [];

  constructor(
    private readonly oldRoot: JsonSchema,
    private readonly newRoot: JsonSchema,
  ) {}

  add(path: string, change: SchemaDifference['change'], breaking: boolean, message: string): void {
    this.out.push({ path: path || '/', change, breaking, message });
  }

  compare(oldNode: unknown, newNode: unknown, path: string, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    const a = resolve(this.oldRoot, oldNode);
    const b = resolve(this.newRoot, newNode);
    this.compareTypes(a, b, path);
    this.compareEnums(a, b, path);
    this.compareConstraints(a, b, path);
    for (const k of COMPOSITIONS) {
      if (!sameJson(a[k], b[k]))
        this.add(
          `${path}/${k}`,
          'composition-changed',
          true,
          `'${k}' changed; compatibility cannot be proven`,
        );
    }
    if (a.properties || b.properties || a.required || b.required)
      this.compareObject(a, b, path, depth);
    if (a.items !== undefined || b.items !== undefined)
      this.compare(a.items ?? {}, b.items ?? {}, `${path}/items`, depth + 1);
  }

  private compareTypes(a: JsonSchema, b: JsonSchema, path: string): void {
    const from = types(a);
    const to = types(b);
    // No `type` accepts every type: giving one where there was none narrows ('any' is lost).
    if (from === undefined && to === undefined) return;
    const lost = from === undefined ? ['any'] : [...from].filter((t) => !typeCovered(t, to));
    const gained = to === undefined ? ['any'] : [...to].filter((t) => !typeCovered(t, from));
    if (lost.length)
      this.add(`${path}/type`, 'type-narrowed', true, `no longer accepts ${lost.join(', ')}`);
    else if (gained.length)
      this.add(`${path}/type`, 'type-widened', false, `now also accepts ${gained.join(', ')}`);
  }

  private compareEnums(a: JsonSchema, b: JsonSchema, path: string): void {
    const from = enumOf(a);
    const to = enumOf(b);
    if (!from && !to) return;
    // The new version lists no values: whatever the old list allowed still passes.
    if (!to) {
      this.add(`${path}/enum`, 'enum-widened', false, 'no longer restricted to a list of values');
      return;
    }
    const removed = from ? from.filter((v) => !containsValue(to, v)) : undefined;
    if (!from || removed!.length) {
      const what = from
        ? removed!.map((v) => JSON.stringify(v)).join(', ')
        : 'any value outside the list';
      this.add(`${path}/enum`, 'enum-narrowed', true, `no longer accepts ${what}`);
    } else if (to.length > from.length) {
      const added = to.filter((v) => !containsValue(from, v));
      this.add(
        `${path}/enum`,
        'enum-widened',
        false,
        `now also accepts ${added.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
  }

  private compareConstraints(a: JsonSchema, b: JsonSchema, path: string): void {
    for (const [keys, tighter] of [
      [LOWER_BOUNDS, (x: number, y: number) => y > x],
      [UPPER_BOUNDS, (x: number, y: number) => y < x],
    ] as const) {
      for (const k of keys) {
        const x = a[k] as number | undefined;
        const y = b[k] as number | undefined;
        if (x === y) continue;
        if (x === undefined || (y !== undefined && tighter(x, y)))
          this.add(`${path}/${k}`, 'constraint-tightened', true, `${k} ${x ?? 'unset'} → ${y}`);
        else this.add(`${path}/${k}`, 'constraint-relaxed', false, `${k} ${x} → ${y ?? 'unset'}`);
      }
    }
    // A pattern or format cannot be ordered like a bound (whether one regular expression accepts
    // everything another does is not decidable in general): any change other than removing it is
    // taken as tightening, never guessed looser.
    for (const k of EXACT_CONSTRAINTS) {
      if (sameJson(a[k], b[k])) continue;
      if (b[k] === undefined || (k === 'uniqueItems' && b[k] === false))
        this.add(`${path}/${k}`, 'constraint-relaxed', false, `${k} removed`);
      else
        this.add(
          `${path}/${k}`,
          'constraint-tightened',
          true,
          `${k} ${JSON.stringify(a[k] ?? null)} → ${JSON.stringify(b[k])}`,
        );
    }
  }

  private compareObject(a: JsonSchema, b: JsonSchema, path: string, depth: number): void {
    const pa = (a.properties ?? {}) as Record<string, unknown>;
    const pb = (b.properties ?? {}) as Record<string, unknown>;
    const ra = new Set((a.required as string[] | undefined) ?? []);
    const rb = new Set((b.required as string[] | undefined) ?? []);
    for (const name of Object.keys(pa)) {
      const p = `${path}/properties/${name}`;
      if (!(name in pb)) {
        this.add(p, 'property-removed', true, `property '${name}' was removed`);
        continue;
      }
      if (!ra.has(name) && rb.has(name))
        this.add(p, 'property-made-required', true, `property '${name}' is now required`);
      // Optional now: old records stay valid and the field still exists, so it is listed for the
      // consumers' attention but does not break the promise.
      if (ra.has(name) && !rb.has(name))
        this.add(p, 'property-made-optional', false, `property '${name}' is now optional`);
      this.compare(pa[name], pb[name], p, depth + 1);
    }
    for (const name of Object.keys(pb)) {
      if (name in pa) continue;
      const p = `${path}/properties/${name}`;
      // A new required property invalidates every record already delivered, which lacks it.
      if (rb.has(name))
        this.add(p, 'required-property-added', true, `new required property '${name}'`);
      else this.add(p, 'property-added', false, `new optional property '${name}'`);
    }
    const openBefore = a.additionalProperties !== false;
    const openAfter = b.additionalProperties !== false;
    if (openBefore && !openAfter)
      this.add(
        `${path}/additionalProperties`,
        'additional-properties-closed',
        true,
        'undeclared properties are now refused',
      );
    if (!openBefore && openAfter)
      this.add(
        `${path}/additionalProperties`,
        'additional-properties-opened',
        false,
        'undeclared properties are now accepted',
      );
  }
}

/** Compares the latest version of a dataset's record schema with a proposed next version. */
export function compareRecordSchemas(
  previous: RecordSchemaDefinition,
  next: RecordSchemaDefinition,
): SchemaComparison {
  const d = new Differ(previous.schema, next.schema);
  d.compare(previous.schema, next.schema, '');
  if (!sameJson(previous.primaryKey, next.primaryKey)) {
    d.add(
      'primaryKey',
      'primary-key-changed',
      true,
      `primary key [${previous.primaryKey.join(', ')}] → [${next.primaryKey.join(', ')}]`,
    );
  }
  // The subject field says whose consent governs each record: moving it would hand records to
  // other people's consents, so it breaks. The time field (freshness checks) and the geo field
  // (metadata for consumers) do not decide who may see what; changing them is listed, not breaking.
  const fields = [
    ['subjectField', 'subject-field-changed', true],
    ['timeField', 'time-field-changed', false],
    ['geoField', 'geo-field-changed', false],
  ] as const;
  for (const [key, change, breaking] of fields) {
    if (previous[key] !== next[key])
      d.add(key, change, breaking, `${key} ${previous[key] ?? 'unset'} → ${next[key] ?? 'unset'}`);
  }
  const differences = d.out.sort((x, y) => x.path.localeCompare(y.path));
  return {
    compatibility: differences.some((x) => x.breaking) ? 'breaking' : 'compatible',
    differences,
  };
}
