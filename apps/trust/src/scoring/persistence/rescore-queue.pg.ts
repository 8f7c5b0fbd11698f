import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import { RescoreQueue, type ClaimedRescore, type QueuedRescore } from '../domain/rescore-queue';

const keysOf = (claimed: ClaimedRescore[]): string =>
  JSON.stringify(claimed.map((d) => ({ participant_id: d.participantId, role: d.role })));

/** `trust.rescore_queue`: one row per participant and role, claimed by lease with SKIP LOCKED. */
@Injectable()
export class PgRescoreQueue extends RescoreQueue<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async enqueue(em: EntityManager, entries: QueuedRescore[]): Promise<void> {
    if (entries.length === 0) return;
    // Queued again while claimed: the generation moves, so completing the claim keeps the row, and
    // its wait starts again now (the rescoring in flight covers what came before its claim). Every
    // enqueue moves last_queued_at: the quiet period runs from the latest evidence.
    await em.query(
      `INSERT INTO trust.rescore_queue (participant_id, role, cause_event_id)
       SELECT participant_id, role, cause_event_id
       FROM jsonb_to_recordset($1::jsonb) AS x(participant_id uuid, role text, cause_event_id text)
       ORDER BY participant_id, role
       ON CONFLICT (participant_id, role) DO UPDATE SET cause_event_id = EXCLUDED.cause_event_id,
         generation = trust.rescore_queue.generation + 1,
         last_queued_at = now(),
         queued_at = CASE WHEN trust.rescore_queue.claimed_until > now() THEN now()
                          ELSE trust.rescore_queue.queued_at END`,
      [
        JSON.stringify(
          entries.map((t) => ({
            participant_id: t.participantId,
            role: t.role,
            cause_event_id: t.causeEventId,
          })),
        ),
      ],
    );
  }

  async claim(
    limit: number,
    due: { quietMs: number; maxWaitMs: number },
    leaseSeconds: number,
  ): Promise<ClaimedRescore[]> {
    const qr = this.dataSource.createQueryRunner();
    try {
      // Structured result: for UPDATE … RETURNING TypeORM otherwise returns [rows, count].
      const claimed = await qr.query(
        `UPDATE trust.rescore_queue q SET claimed_until = now() + make_interval(secs => $3)
         FROM (SELECT participant_id, role FROM trust.rescore_queue
               WHERE (last_queued_at <= now() - make_interval(secs => $2::float8 / 1000)
                      OR queued_at <= now() - make_interval(secs => $4::float8 / 1000))
                 AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
         WHERE q.participant_id = c.participant_id AND q.role = c.role
         RETURNING q.participant_id::text, q.role, q.cause_event_id, q.generation::text`,
        [limit, due.quietMs, leaseSeconds, due.maxWaitMs],
        true,
      );
      return (
        claimed.records as Array<{
          participant_id: string;
          role: TrustRole;
          cause_event_id: string | null;
          generation: string;
        }>
      ).map((r) => ({
        participantId: r.participant_id,
        role: r.role,
        causeEventId: r.cause_event_id,
        generation: r.generation,
      }));
    } finally {
      await qr.release();
    }
  }

  async complete(em: EntityManager, claimed: ClaimedRescore[]): Promise<void> {
    const rows = JSON.stringify(
      claimed.map((d) => ({
        participant_id: d.participantId,
        role: d.role,
        generation: d.generation,
      })),
    );
    await em.query(
      `DELETE FROM trust.rescore_queue q USING jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text, generation bigint)
       WHERE q.participant_id = c.participant_id AND q.role = c.role AND q.generation = c.generation`,
      [rows],
    );
    await em.query(
      `UPDATE trust.rescore_queue q SET claimed_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text)
       WHERE q.participant_id = c.participant_id AND q.role = c.role`,
      [keysOf(claimed)],
    );
  }

  async release(claimed: ClaimedRescore[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE trust.rescore_queue q SET claimed_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS c(participant_id uuid, role text)
       WHERE q.participant_id = c.participant_id AND q.role = c.role`,
      [keysOf(claimed)],
    );
  }
}
