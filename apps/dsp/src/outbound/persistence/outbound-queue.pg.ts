import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundQueue, type DueMessage, type OutboundMessage } from '../application/outbound';

/** `dsp.outbound_messages`. */
@Injectable()
export class PgOutboundQueue extends OutboundQueue<EntityManager> {
  async enqueue(em: EntityManager, m: OutboundMessage): Promise<void> {
    await em.query(
      `INSERT INTO dsp.outbound_messages (provider_pid, url, audience, body, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, now(), now())`,
      [m.providerPid, m.url, m.audience, JSON.stringify(m.body)],
    );
  }

  /**
   * Claims due messages, the oldest unsent one per process only (a peer gets a process's messages
   * in the order they were decided), by pushing their next attempt past the lease: a replica that
   * dies mid-send leaves them to be sent again after it.
   */
  async claim(em: EntityManager, limit: number, leaseMs: number): Promise<DueMessage[]> {
    const rows = await em.query<
      Array<{
        id: string;
        provider_pid: string;
        url: string;
        audience: string;
        body: Record<string, unknown>;
        attempts: number;
      }>
    >(
      `WITH heads AS (
         SELECT DISTINCT ON (provider_pid) id, next_attempt_at FROM dsp.outbound_messages
         WHERE sent_at IS NULL ORDER BY provider_pid, id
       ), due AS (
         SELECT m.id FROM dsp.outbound_messages m JOIN heads h ON h.id = m.id
         WHERE h.next_attempt_at <= now() ORDER BY m.id LIMIT $1 FOR UPDATE OF m SKIP LOCKED
       ), claimed AS (
         UPDATE dsp.outbound_messages m SET next_attempt_at = now() + ($2 || ' milliseconds')::interval
         FROM due WHERE m.id = due.id
         RETURNING m.id, m.provider_pid, m.url, m.audience, m.body, m.attempts
       )
       SELECT * FROM claimed ORDER BY id`,
      [limit, String(leaseMs)],
    );
    return rows.map((r) => ({
      id: r.id,
      providerPid: r.provider_pid,
      url: r.url,
      audience: r.audience,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  async sent(em: EntityManager, id: string): Promise<void> {
    // A start message carries the pull grant's token: once delivered, it is not kept.
    await em.query(
      `UPDATE dsp.outbound_messages SET sent_at = now(), last_error = NULL, body = body - 'dataAddress'
       WHERE id = $1`,
      [id],
    );
  }

  async failed(em: EntityManager, id: string, error: string, retryInMs: number): Promise<void> {
    await em.query(
      `UPDATE dsp.outbound_messages SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + ($3 || ' milliseconds')::interval WHERE id = $1`,
      [id, error.slice(0, 2000), String(retryInMs)],
    );
  }
}
