import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing interviews with stakeholders (docs/research.md §5) and, on benefit reports, the
 * integrated view a benefit came from and the resident service it improved (§6).
 */
export class AddExitInterviewsAndBenefitViews1767225603000 implements MigrationInterface {
  name = 'AddExitInterviewsAndBenefitViews1767225603000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.exit_interviews (
        id               uuid        NOT NULL,
        participant_id   uuid        NOT NULL,
        stakeholder_role text        NOT NULL,
        held_at          timestamptz NOT NULL,
        interviewer      text        NOT NULL,
        ratings          jsonb       NOT NULL,
        positive         text[]      NOT NULL,
        negative         text[]      NOT NULL,
        notes            text        NULL,
        recorded_at      timestamptz NOT NULL,
        CONSTRAINT pk_exit_interviews PRIMARY KEY (id),
        CONSTRAINT ck_exit_interviews_held CHECK (held_at <= recorded_at)
      )`);
    // One closing interview per stakeholder: the function is compared without case or spacing
    // differences, so "Head of data office" and "head of data  office" are the same person.
    await q.query(
      `CREATE UNIQUE INDEX uq_exit_interviews_stakeholder
         ON consent.exit_interviews (participant_id, lower(regexp_replace(btrim(stakeholder_role), '\\s+', ' ', 'g')))`,
    );
    await q.query(`ALTER TABLE consent.benefit_reports ADD COLUMN view_id uuid NULL`);
    await q.query(`ALTER TABLE consent.benefit_reports ADD COLUMN service text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.benefit_reports DROP COLUMN service`);
    await q.query(`ALTER TABLE consent.benefit_reports DROP COLUMN view_id`);
    await q.query(`DROP TABLE consent.exit_interviews`);
  }
}
