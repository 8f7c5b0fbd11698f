import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Disputes, exit surveys and regulation changes. */
export class CreateGovernance1767225600500 implements MigrationInterface {
  name = 'CreateGovernance1767225600500';

  async up(q: QueryRunner): Promise<void> {
    // A dispute is opened by one party against the other and resolved by an operator. Only an
    // upheld one is trust evidence (integrity, against `upheld_against`): an allegation alone
    // counts for nothing; dismissed and amicable outcomes are kept for the record.
    await q.query(`
      CREATE TABLE consent.disputes (
        id             uuid        NOT NULL,
        agreement_id   uuid        NOT NULL,
        dataset_id     uuid        NOT NULL,
        opened_by      text        NOT NULL,
        against        text        NOT NULL,
        category       text        NOT NULL,
        description    text        NOT NULL,
        status         text        NOT NULL DEFAULT 'open',
        outcome        text        NULL,
        upheld_against text        NULL,
        resolution     text        NULL,
        resolved_by    text        NULL,
        opened_at      timestamptz NOT NULL,
        resolved_at    timestamptz NULL,
        CONSTRAINT pk_disputes PRIMARY KEY (id),
        CONSTRAINT fk_disputes_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id),
        CONSTRAINT ck_disputes_status CHECK (status IN ('open', 'resolved')),
        CONSTRAINT ck_disputes_outcome CHECK (outcome IS NULL OR outcome IN ('upheld', 'dismissed', 'amicable'))
      )`);
    await q.query(`CREATE INDEX ix_disputes_agreement ON consent.disputes (agreement_id)`);
    // The study's exit interviews, one per side of a relationship that ended (the unique key): a
    // second answer would weigh one party twice.
    await q.query(`
      CREATE TABLE consent.exit_surveys (
        id               uuid        NOT NULL,
        agreement_id     uuid        NOT NULL,
        respondent       text        NOT NULL,
        respondent_role  text        NOT NULL,
        agreement_state  text        NOT NULL,
        reasons          jsonb       NOT NULL,
        would_work_again boolean     NOT NULL,
        submitted_at     timestamptz NOT NULL,
        CONSTRAINT pk_exit_surveys PRIMARY KEY (id),
        CONSTRAINT uq_exit_surveys UNIQUE (agreement_id, respondent_role),
        CONSTRAINT fk_exit_surveys_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id)
      )`);
    // Regulation changes mark the dates around which the study compares indicators; a law is
    // recorded once, under its legal reference.
    await q.query(`
      CREATE TABLE consent.regulations (
        id           uuid        NOT NULL,
        reference    text        NOT NULL,
        title        text        NOT NULL,
        description  text        NULL,
        url          text        NULL,
        effective_at timestamptz NOT NULL,
        recorded_by  text        NOT NULL,
        recorded_at  timestamptz NOT NULL,
        CONSTRAINT pk_regulations PRIMARY KEY (id),
        CONSTRAINT uq_regulations_reference UNIQUE (reference)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['regulations', 'exit_surveys', 'disputes'])
      await q.query(`DROP TABLE consent.${t}`);
  }
}
