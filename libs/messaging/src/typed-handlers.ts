import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@dx/contracts';
import type { EventHandler, MessageMeta } from './consumer.runner';

/** A handler of one event type, given its envelope typed by the definition. */
export type TypedEventHandler<TType extends string, TData> = (
  envelope: EventEnvelope<TType, TData>,
  em: EntityManager,
  meta: MessageMeta,
) => Promise<void>;

/**
 * Declares the handler of one event: `handlers() { return { ...on(DatasetCreatedV1, (e, em) => …) } }`.
 * The handler sees `e.data` typed by the definition, so consumers cast no envelope. The one cast is
 * here, and it holds because the runner dispatches by `type` only after the envelope and its data
 * passed the registry's JSON Schema for their `dataschema` (checkEnvelope).
 */
export function on<TType extends string, TData>(
  def: EventDefinition<TType, TData>,
  handler: TypedEventHandler<TType, TData>,
): Record<TType, EventHandler> {
  return { [def.type]: handler as EventHandler } as Record<TType, EventHandler>;
}

/** The same handler for several events (e.g. every state change of one aggregate). */
export function onEach<TType extends string, TData>(
  defs: ReadonlyArray<EventDefinition<TType, TData>>,
  handler: TypedEventHandler<TType, TData>,
): Record<string, EventHandler> {
  return Object.assign({}, ...defs.map((d) => on(d, handler))) as Record<string, EventHandler>;
}
