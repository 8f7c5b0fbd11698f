import type { DataSource } from 'typeorm';
import { outboxChannel } from './outbox.writer';

/** An outbox row set aside after failing OUTBOX_MAX_ATTEMPTS times for a fault of its own. */
export interface ParkedOutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  parkedAt: string;
  /** Unpublished rows of the same key waiting behind it (per-key order). */
  waitingBehind: number;
}

/** The parked rows of a service's outbox, oldest first. */
export async function listParkedOutboxRows(
  ds: DataSource,
  schema: string,
): Promise<ParkedOutboxRow[]> {
  const s = `"${schema}"`;
  const rows: Array<{
    id: string;
    topic: string;
    message_key: string;
    type: string;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    parked_at: Date;
    waiting: number;
  }> = await ds.query(
    `SELECT p.id, p.topic, p.message_key, p.envelope->>'type' AS type, p.attempts, p.last_error,
            p.created_at, p.parked_at,
            (SELECT count(*)::int FROM ${s}.outbox w
              WHERE w.topic = p.topic AND w.message_key = p.message_key
                AND w.published_at IS NULL AND w.seq > p.seq) AS waiting
     FROM ${s}.outbox p WHERE p.parked_at IS NOT NULL ORDER BY p.seq`,
  );
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    key: r.message_key,
    type: r.type,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    parkedAt: new Date(r.parked_at).toISOString(),
    waitingBehind: r.waiting,
  }));
}

/**
 * Puts parked rows back in line (all of them, or those named): their failure count starts again
 * and the relay tries them at once; if the cause was fixed (a topic's size limit raised, an ACL
 * granted) they are published, followed by the rows of their key that waited. Returns the ids.
 */
export async function releaseParkedOutboxRows(
  ds: DataSource,
  schema: string,
  ids?: string[],
): Promise<string[]> {
  const qr = ds.createQueryRunner();
  try {
    const result = await qr.query(
      `UPDATE "${schema}".outbox SET parked_at = NULL, attempts = 0, next_attempt_at = now(),
         lease_until = NULL, leased_by = NULL
       WHERE parked_at IS NOT NULL AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
       RETURNING id`,
      [ids ?? null],
      true,
    );
    // Wake the relays (they also poll).
    await qr.query(`SELECT pg_notify($1, '')`, [outboxChannel(schema)]);
    return (result.records as Array<{ id: string }>).map((r) => r.id);
  } finally {
    await qr.release();
  }
}
