import type { TopicName } from './topics';

/** One version of one event type: its topic, payload JSON Schema, example and key. */
export interface EventDefinition<TType extends string = string, TData = unknown> {
  /** `<service>.<aggregate>.<past-tense>`. */
  type: TType;
  /** Major version of the payload; `dataschema` is `<type>/<version>`. */
  version: number;
  topic: TopicName;
  /** One sentence for the AsyncAPI document and docs/events.md. */
  description: string;
  /** JSON Schema (2020-12 subset understood by ajv) of `data`. */
  schema: Record<string, unknown>;
  /** The record key for a payload: the aggregate id. */
  keyOf(data: TData): string;
  /** A realistic example payload; also a golden fixture. */
  example: TData;
}

export function defineEvent<TType extends string, TData>(
  def: EventDefinition<TType, TData>,
): EventDefinition<TType, TData> {
  return def;
}
