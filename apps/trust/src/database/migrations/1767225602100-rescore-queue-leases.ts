import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rescorer claims queue rows by lease instead of holding their row locks through the
 * rescoring: it locked queue rows first and profiles second while the evidence consumer locked
 * profiles and state first and queue rows second, and the two deadlocked (seen while loading the
 * demo). `generation` moves when evidence re-queues a participant under a claim, so the rescorer
 * removes only what it actually covered.
 */
export class RescoreQueueLeases1767225602100 implements MigrationInterface {
  name = 'RescoreQueueLeases1767225602100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trust.rescore_queue
        ADD COLUMN claimed_until timestamptz NULL,
        ADD COLUMN generation    bigint      NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE trust.rescore_queue DROP COLUMN generation, DROP COLUMN claimed_until`,
    );
  }
}
