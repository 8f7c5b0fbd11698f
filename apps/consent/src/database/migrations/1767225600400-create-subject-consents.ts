import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Data-subject consent records (one per subject, dataset and purpose) and their history. */
export class CreateSubjectConsents1767225600400 implements MigrationInterface {
  name = 'CreateSubjectConsents1767225600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.subject_consents (
        id          uuid        NOT NULL,
        subject_id  text        NOT NULL,
        dataset_id  uuid        NOT NULL,
        provider_id uuid        NOT NULL,
        purpose     text        NOT NULL,
        status      text        NOT NULL,
        expires_at  timestamptz NULL,
        recorded_by text        NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT pk_subject_consents PRIMARY KEY (id),
        CONSTRAINT uq_subject_consents UNIQUE (subject_id, dataset_id, purpose),
        CONSTRAINT ck_subject_consents_status CHECK (status IN ('given', 'withdrawn', 'expired'))
      )`);
    await q.query(
      `CREATE INDEX ix_subject_consents_expiry ON consent.subject_consents (expires_at) WHERE status = 'given' AND expires_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE consent.subject_consent_history (
        consent_id      uuid        NOT NULL,
        seq             integer     NOT NULL,
        status          text        NOT NULL,
        previous_status text        NULL,
        recorded_by     text        NOT NULL,
        evidence        text        NULL,
        at              timestamptz NOT NULL,
        CONSTRAINT pk_subject_consent_history PRIMARY KEY (consent_id, seq),
        CONSTRAINT fk_subject_consent_history FOREIGN KEY (consent_id) REFERENCES consent.subject_consents (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.subject_consent_history`);
    await q.query(`DROP TABLE consent.subject_consents`);
  }
}
