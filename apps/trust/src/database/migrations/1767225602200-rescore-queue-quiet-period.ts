import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `last_queued_at`: when evidence last queued the participant. The rescorer waits for a quiet
 * period after it (so a stream of events costs one rescoring, not one per poll), but never longer
 * than a bound after `queued_at`, the start of the wait. Before, a participant whose evidence kept
 * arriving was rescored back to back: about 14 rescorings per participant for 100 events each in
 * the benchmark of 2026-12-04, 85 % of the service's statements.
 */
export class RescoreQueueQuietPeriod1767225602200 implements MigrationInterface {
  name = 'RescoreQueueQuietPeriod1767225602200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE trust.rescore_queue ADD COLUMN last_queued_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`UPDATE trust.rescore_queue SET last_queued_at = queued_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trust.rescore_queue DROP COLUMN last_queued_at`);
  }
}
