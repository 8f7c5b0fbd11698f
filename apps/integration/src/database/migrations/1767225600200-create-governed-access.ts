import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Replicas of agreements and subject consents, and the hash-chained access log. */
export class CreateGovernedAccess1767225600200 implements MigrationInterface {
  name = 'CreateGovernedAccess1767225600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.agreements (
        agreement_id uuid        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        consumer_id  uuid        NOT NULL,
        state        text        NOT NULL,
        state_reason text        NULL,
        purpose      text        NOT NULL,
        fields       text[]      NOT NULL,
        version      integer     NOT NULL,
        updated_at   timestamptz NOT NULL,
        CONSTRAINT pk_agreements PRIMARY KEY (agreement_id)
      )`);
    await q.query(`
      CREATE TABLE integration.subject_consents (
        dataset_id uuid        NOT NULL,
        subject_id text        NOT NULL,
        purpose    text        NOT NULL,
        status     text        NOT NULL,
        changed_at timestamptz NOT NULL,
        CONSTRAINT pk_subject_consents PRIMARY KEY (dataset_id, subject_id, purpose)
      )`);
    // Append-only; each entry's hash covers its content and the previous entry's hash.
    await q.query(`
      CREATE TABLE integration.access_log (
        seq          bigint      NOT NULL,
        agreement_id uuid        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        consumer_id  uuid        NOT NULL,
        reader       text        NOT NULL,
        purpose      text        NOT NULL,
        filters      jsonb       NOT NULL,
        rows         integer     NOT NULL,
        at           timestamptz NOT NULL,
        prev_hash    text        NOT NULL,
        hash         text        NOT NULL,
        CONSTRAINT pk_access_log PRIMARY KEY (seq)
      )`);
    await q.query(
      `CREATE INDEX ix_access_log_agreement ON integration.access_log (agreement_id, seq)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['access_log', 'subject_consents', 'agreements'])
      await q.query(`DROP TABLE integration.${t}`);
  }
}
