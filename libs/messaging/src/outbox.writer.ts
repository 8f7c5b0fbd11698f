import type { EntityManager } from 'typeorm';
import { AppError, checkEnvelope, findEventDefinition, type EventEnvelope } from '@dx/contracts';
import { currentTraceparent } from '@dx/observability';

/** The NOTIFY channel a relay listens on for its schema's outbox. */
export function outboxChannel(schema: string): string {
  return `dx_outbox_${schema}`;
}

/**
 * Writes events to the service's outbox inside the caller's transaction: the state change and its
 * events commit together or not at all. Never talks to Kafka (the relay does, later).
 */
export class OutboxWriter {
  constructor(private readonly schema: string) {}

  append(em: EntityManager, envelope: EventEnvelope): Promise<void> {
    return this.appendAll(em, [envelope]);
  }

  async appendAll(em: EntityManager, envelopes: EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    if (!em.queryRunner?.isTransactionActive) {
      // An outbox row outside a transaction could commit without its state change, or vice versa.
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction');
    }
    const traceparent = currentTraceparent();
    const rows = envelopes.map((envelope) => {
      const def = findEventDefinition(envelope.dataschema);
      if (!def)
        throw new Error(`unknown event ${envelope.dataschema}: declare it in libs/contracts`);
      // Producer-side contract check: a bad event fails the request, not a consumer far away.
      const check = checkEnvelope(envelope);
      if (!check.ok) {
        throw new AppError(
          'invalid',
          'EVENT.SCHEMA_VIOLATION',
          `event ${envelope.type} breaks its schema`,
          check.errors,
        );
      }
      const withTrace: EventEnvelope = traceparent ? { ...envelope, traceparent } : envelope;
      return {
        id: envelope.id,
        topic: def.topic,
        message_key: def.keyOf(envelope.data as never),
        envelope: withTrace,
        traceparent: traceparent ?? null,
      };
    });
    // One round trip: the insert and the relay's wake-up (a NOTIFY is delivered at commit only, so
    // the relay wakes exactly when there is something to publish). A data-modifying CTE always runs
    // to completion, whether or not the outer query reads it.
    await em.query(
      `WITH inserted AS (
         INSERT INTO "${this.schema}".outbox (id, topic, message_key, envelope, traceparent)
         SELECT r.id, r.topic, r.message_key, r.envelope, r.traceparent
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, topic text, message_key text, envelope jsonb, traceparent text))
       SELECT pg_notify($2, '')`,
      [JSON.stringify(rows), outboxChannel(this.schema)],
    );
  }
}
