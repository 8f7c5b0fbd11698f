import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { createEnvelope, type EventEnvelope } from './envelope';
import type { TopicName } from './topics';

/** What one event version declares: its topic, payload JSON Schema, example and key. */
export interface EventSpec<TType extends string = string, TData = unknown> {
  /** `<service>.<aggregate>.<past-tense>`. */
  type: TType;
  /** Major version of the payload; `dataschema` is `<type>/<version>`. */
  version: number;
  topic: TopicName;
  /** One sentence for the AsyncAPI document and docs/events.md. */
  description: string;
  /** JSON Schema (2020-12 subset understood by ajv) of `data`. */
  schema: Readonly<Record<string, unknown>>;
  /** The record key for a payload: the aggregate id. */
  keyOf(data: TData): string;
  /** A realistic example payload; also a golden fixture. */
  example: TData;
}

/** A type without its index signatures (what `additionalProperties` adds to a derived type), deeply. */
type Declared<T> = T extends readonly (infer E)[]
  ? Declared<E>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: Declared<T[K]> }
    : T;

/**
 * Whether a JSON Schema describes exactly the payload interface: the type json-schema-to-ts derives
 * from the schema and the interface accept the same values, property by property (names, which are
 * required, types, enum members, nested objects and arrays). Extra properties that a schema lets
 * through (`additionalProperties`, for consumers of a newer minor version) are left out of the
 * comparison.
 */
export type SchemaDescribes<S extends JSONSchema, T> = [Declared<FromSchema<S>>] extends [
  Declared<T>,
]
  ? [Declared<T>] extends [Declared<FromSchema<S>>]
    ? true
    : false
  : false;

/**
 * Nothing when the schema describes the payload; otherwise a property the definition lacks, so
 * the compiler stops at the definition and shows both sides.
 */
export type SchemaCheck<S extends JSONSchema, T> =
  SchemaDescribes<S, T> extends true
    ? unknown
    : {
        schemaDoesNotDescribeThePayload: {
          schemaSays: Declared<FromSchema<S>>;
          payloadIs: Declared<T>;
        };
      };

/** Who publishes an occurrence, and when it happened; the rest comes from the definition. */
export interface EnvelopeMeta {
  /** The publishing app, e.g. `catalog`. */
  source: string;
  /** When the fact happened, by the publishing app's clock. */
  time: Date;
  /** The aggregate id; the payload's record key unless given. */
  subject?: string;
  id?: string;
  correlationId?: string;
  causationId?: string;
}

/** One version of one event type, and the one way to build its envelopes. */
export interface EventDefinition<TType extends string = string, TData = unknown> extends EventSpec<
  TType,
  TData
> {
  /**
   * The envelope of one occurrence, typed by this definition: type, version and subject cannot
   * disagree with the payload, as they could in an envelope built by hand at each publishing site.
   */
  envelope(data: TData, meta: EnvelopeMeta): EventEnvelope<TType, TData>;
  /**
   * Whether an envelope is one of this definition (its type and data schema), narrowing its data.
   * The data is what the definition says once the envelope passed the registry's JSON Schema for
   * its `dataschema` — as every envelope a consumer is handed has (checkEnvelope).
   */
  is(e: EventEnvelope): e is EventEnvelope<TType, TData>;
}

/** Whether an envelope is of any of the definitions (e.g. every state change of one aggregate). */
export function isEventOf<TType extends string, TData>(
  defs: ReadonlyArray<EventDefinition<TType, TData>>,
  e: EventEnvelope,
): e is EventEnvelope<TType, TData> {
  return defs.some((d) => d.is(e));
}

/**
 * Declares one event version. The payload type is the one `keyOf` takes (`keyOf: (d: MyEventV1) =>
 * …`), and the schema must describe it exactly (SchemaDescribes): a field added to the interface and
 * not to the schema, or the other way round, does not compile.
 */
export function defineEvent<TType extends string, TData, const S extends JSONSchema>(
  spec: Omit<EventSpec<TType, TData>, 'schema' | 'example'> & {
    schema: S;
    example: NoInfer<TData>;
  } & SchemaCheck<S, TData>,
): EventDefinition<TType, TData> {
  return {
    type: spec.type,
    version: spec.version,
    topic: spec.topic,
    description: spec.description,
    schema: spec.schema as Readonly<Record<string, unknown>>,
    keyOf: spec.keyOf,
    example: spec.example,
    envelope: (data, meta) =>
      createEnvelope({
        type: spec.type,
        version: spec.version,
        data,
        ...meta,
        subject: meta.subject ?? spec.keyOf(data),
      }),
    is: (e): e is EventEnvelope<TType, TData> =>
      e.type === spec.type && e.dataschema === `${spec.type}/${spec.version}`,
  };
}
