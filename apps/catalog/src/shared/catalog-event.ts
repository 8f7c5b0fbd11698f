import { type EventDefinition, type EventEnvelope } from '@dx/contracts';

/** An envelope for one of the catalog's events; the subject is the aggregate key. */
export function catalogEvent<TType extends string, TData>(
  def: EventDefinition<TType, TData>,
  data: TData,
  time: Date,
): EventEnvelope<TType, TData> {
  return def.envelope(data, { source: 'catalog', time });
}
