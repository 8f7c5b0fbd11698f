import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agreed freshness of each agreement, for the currentness of deliveries. */
export class AddAgreementFreshness1767225600300 implements MigrationInterface {
  name = 'AddAgreementFreshness1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration.agreements ADD COLUMN freshness text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration.agreements DROP COLUMN freshness`);
  }
}
