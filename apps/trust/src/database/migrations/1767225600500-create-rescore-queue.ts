import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participants whose evidence changed and whose score is due: the consumer queues them in the
 * event's transaction, the rescorer drains the queue — one rescoring per participant and role for
 * any number of events in between (the hot path batched).
 */
export class CreateRescoreQueue1767225600500 implements MigrationInterface {
  name = 'CreateRescoreQueue1767225600500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust.rescore_queue (
        participant_id uuid        NOT NULL,
        role           text        NOT NULL,
        cause_event_id text        NULL,
        queued_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_rescore_queue PRIMARY KEY (participant_id, role)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trust.rescore_queue`);
  }
}
