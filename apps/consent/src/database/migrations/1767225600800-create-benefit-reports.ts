import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Benefits the parties report per agreement and period (self-reported; docs/impact-indicators.md §3). */
export class CreateBenefitReports1767225600800 implements MigrationInterface {
  name = 'CreateBenefitReports1767225600800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.benefit_reports (
        id            uuid             NOT NULL,
        agreement_id  uuid             NOT NULL,
        reporter      text             NOT NULL,
        reporter_role text             NOT NULL,
        kind          text             NOT NULL,
        period_from   timestamptz      NOT NULL,
        period_to     timestamptz      NOT NULL,
        amount_kzt    double precision NULL,
        hours         double precision NULL,
        count         integer          NULL,
        users         integer          NULL,
        description   text             NOT NULL,
        reported_at   timestamptz      NOT NULL,
        CONSTRAINT pk_benefit_reports PRIMARY KEY (id),
        CONSTRAINT ck_benefit_reports_period CHECK (period_from < period_to),
        CONSTRAINT fk_benefit_reports_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id)
      )`);
    await q.query(
      `CREATE INDEX ix_benefit_reports_agreement ON consent.benefit_reports (agreement_id, period_from)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.benefit_reports`);
  }
}
