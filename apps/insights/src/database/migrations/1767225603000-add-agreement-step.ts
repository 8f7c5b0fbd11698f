import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements move by version and, within a version, by step: one consent command can make several
 * transitions, whose events share the version (`step` in consent.agreement.* events). Rows written
 * before hold 0, which any event of a newer version or with a step moves past.
 */
export class AddAgreementStep1767225603000 implements MigrationInterface {
  name = 'AddAgreementStep1767225603000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.agreements ADD COLUMN step int NOT NULL DEFAULT 0`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.agreements DROP COLUMN step`);
  }
}
