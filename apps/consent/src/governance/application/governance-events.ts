import { type EventDefinition, type EventEnvelope } from '@dx/contracts';

export function governanceEvent<T extends string, D>(
  def: EventDefinition<T, D>,
  data: D,
  at: Date,
): EventEnvelope {
  return def.envelope(data, { source: 'consent', subject: def.keyOf(data), time: at });
}
