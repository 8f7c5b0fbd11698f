import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the commitment index (docs/trust-model.md §9) reads: when each agreement first came into force,
 * every agreement transition (renewals, expiries, terminations with their notice), and governed
 * reads (downstream use of shared data).
 */
export class CreateCommitmentInputs1767225600400 implements MigrationInterface {
  name = 'CreateCommitmentInputs1767225600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trust.agreement_parties ADD COLUMN activated_at timestamptz NULL`);
    await q.query(`
      CREATE TABLE trust.agreement_transitions (
        event_id         text        NOT NULL,
        agreement_id     uuid        NOT NULL,
        type             text        NOT NULL,
        provider_id      uuid        NOT NULL,
        consumer_id      uuid        NOT NULL,
        notice_given_by  text        NULL,
        notice_respected boolean     NULL,
        occurred_at      timestamptz NOT NULL,
        CONSTRAINT pk_agreement_transitions PRIMARY KEY (event_id)
      )`);
    await q.query(
      `CREATE INDEX ix_agreement_transitions_provider ON trust.agreement_transitions (provider_id, occurred_at)`,
    );
    await q.query(
      `CREATE INDEX ix_agreement_transitions_consumer ON trust.agreement_transitions (consumer_id, occurred_at)`,
    );
    await q.query(`
      CREATE TABLE trust.data_uses (
        event_id    text        NOT NULL,
        provider_id uuid        NOT NULL,
        consumer_id uuid        NOT NULL,
        rows        integer     NOT NULL,
        occurred_at timestamptz NOT NULL,
        CONSTRAINT pk_data_uses PRIMARY KEY (event_id)
      )`);
    await q.query(
      `CREATE INDEX ix_data_uses_provider ON trust.data_uses (provider_id, occurred_at)`,
    );
    await q.query(
      `CREATE INDEX ix_data_uses_consumer ON trust.data_uses (consumer_id, occurred_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trust.data_uses`);
    await q.query(`DROP TABLE trust.agreement_transitions`);
    await q.query(`ALTER TABLE trust.agreement_parties DROP COLUMN activated_at`);
  }
}
