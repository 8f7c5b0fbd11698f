import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@dx/contracts';

/** An event about to be applied, with the offset its inbox row records. */
export interface InboxEntry {
  envelope: EventEnvelope;
  offset: string;
}

/**
 * Claims inbox rows for a consumer group in one statement, inside the transaction that applies
 * the events: a row already there means the event was applied before (a redelivery), so its claim
 * fails and the event is skipped. Returns the ids claimed now (lower case).
 */
export async function claimInbox(
  em: EntityManager,
  where: { schema: string; group: string; topic: string; partition: number },
  entries: InboxEntry[],
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const claimed = await em.query<Array<{ event_id: string }>>(
    `INSERT INTO "${where.schema}".inbox (consumer_group, event_id, event_type, topic, kafka_partition, kafka_offset)
     SELECT $1, x.event_id, x.event_type, $2, $3, x.kafka_offset
     FROM jsonb_to_recordset($4::jsonb) AS x(event_id uuid, event_type text, kafka_offset bigint)
     ON CONFLICT DO NOTHING RETURNING event_id::text`,
    [
      where.group,
      where.topic,
      where.partition,
      JSON.stringify(
        entries.map((e) => ({
          event_id: e.envelope.id,
          event_type: e.envelope.type,
          kafka_offset: e.offset,
        })),
      ),
    ],
  );
  return new Set(claimed.map((c) => c.event_id.toLowerCase()));
}

/**
 * The events to apply, in order: those claimed now, each id once (a producer retry can put the
 * same event twice into one group; its one inbox row was claimed once).
 */
export function firstClaims(events: EventEnvelope[], claimed: Set<string>): EventEnvelope[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = e.id.toLowerCase();
    if (!claimed.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
