import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Change notices a provider gave for a dataset (schema changes, outages). */
export class CreateChangeNotices1767225600300 implements MigrationInterface {
  name = 'CreateChangeNotices1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.change_notices (
        id           uuid        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        kind         text        NOT NULL,
        description  text        NOT NULL,
        announced_at timestamptz NOT NULL,
        effective_at timestamptz NOT NULL,
        CONSTRAINT pk_change_notices PRIMARY KEY (id),
        CONSTRAINT ck_change_notices_kind CHECK (kind IN ('schema-change', 'outage'))
      )`);
    await q.query(
      `CREATE INDEX ix_change_notices_dataset ON consent.change_notices (dataset_id, effective_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.change_notices`);
  }
}
