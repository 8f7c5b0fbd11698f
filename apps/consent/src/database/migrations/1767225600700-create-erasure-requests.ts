import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Data subjects' erasure requests per dataset (the record of what was asked, by whom, when). */
export class CreateErasureRequests1767225600700 implements MigrationInterface {
  name = 'CreateErasureRequests1767225600700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.erasure_requests (
        id           uuid        NOT NULL,
        subject_id   text        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        requested_by text        NOT NULL,
        reference    text        NULL,
        requested_at timestamptz NOT NULL,
        CONSTRAINT pk_erasure_requests PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE INDEX ix_erasure_requests_subject ON consent.erasure_requests (subject_id, dataset_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.erasure_requests`);
  }
}
