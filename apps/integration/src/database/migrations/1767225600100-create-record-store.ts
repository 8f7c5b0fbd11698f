import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dataset replica (from catalog.dataset.v1), deliveries with their quality reports and
 * quarantine, and the record store: one current row per (dataset, primary key) plus history rows
 * (valid_from/valid_to, the delivery that wrote them).
 */
export class CreateRecordStore1767225600100 implements MigrationInterface {
  name = 'CreateRecordStore1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.datasets (
        dataset_id       uuid        NOT NULL,
        provider_id      uuid        NOT NULL,
        status           text        NOT NULL,
        sensitivity      text        NOT NULL,
        update_frequency text        NOT NULL,
        catalog_version  integer     NOT NULL,
        updated_at       timestamptz NOT NULL,
        CONSTRAINT pk_datasets PRIMARY KEY (dataset_id)
      )`);
    await q.query(`
      CREATE TABLE integration.dataset_schemas (
        dataset_id    uuid        NOT NULL,
        version       integer     NOT NULL,
        schema        jsonb       NOT NULL,
        primary_key   text[]      NOT NULL,
        subject_field text        NULL,
        time_field    text        NULL,
        effective_at  timestamptz NOT NULL,
        CONSTRAINT pk_dataset_schemas PRIMARY KEY (dataset_id, version)
      )`);
    await q.query(`
      CREATE TABLE integration.deliveries (
        id              uuid        NOT NULL,
        dataset_id      uuid        NOT NULL,
        provider_id     uuid        NOT NULL,
        schema_version  integer     NOT NULL,
        channel         text        NOT NULL,
        format          text        NOT NULL,
        status          text        NOT NULL,
        received        integer     NOT NULL,
        accepted        integer     NOT NULL,
        quarantined     integer     NOT NULL,
        unchanged       integer     NOT NULL,
        quality         jsonb       NOT NULL,
        reject_reason   text        NULL,
        received_at     timestamptz NOT NULL,
        completed_at    timestamptz NOT NULL,
        CONSTRAINT pk_deliveries PRIMARY KEY (id),
        CONSTRAINT ck_deliveries_status CHECK (status IN ('accepted', 'rejected'))
      )`);
    await q.query(
      `CREATE INDEX ix_deliveries_dataset ON integration.deliveries (dataset_id, received_at DESC)`,
    );
    await q.query(`
      CREATE TABLE integration.quarantine (
        delivery_id uuid    NOT NULL,
        line        integer NOT NULL,
        record      jsonb   NULL,
        errors      jsonb   NOT NULL,
        CONSTRAINT pk_quarantine PRIMARY KEY (delivery_id, line)
      )`);
    await q.query(`
      CREATE TABLE integration.records (
        id           bigserial   NOT NULL,
        dataset_id   uuid        NOT NULL,
        record_key   text        NOT NULL,
        data         jsonb       NOT NULL,
        content_hash text        NOT NULL,
        subject_id   text        NULL,
        record_time  timestamptz NULL,
        valid_from   timestamptz NOT NULL,
        valid_to     timestamptz NULL,
        delivery_id  uuid        NOT NULL,
        CONSTRAINT pk_records PRIMARY KEY (id)
      )`);
    // One current row per key; history rows have valid_to set.
    await q.query(
      `CREATE UNIQUE INDEX uq_records_current ON integration.records (dataset_id, record_key) WHERE valid_to IS NULL`,
    );
    await q.query(`CREATE INDEX ix_records_changes ON integration.records (dataset_id, id)`);
    await q.query(
      `CREATE INDEX ix_records_subject ON integration.records (dataset_id, subject_id) WHERE subject_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['records', 'quarantine', 'deliveries', 'dataset_schemas', 'datasets'])
      await q.query(`DROP TABLE integration.${t}`);
  }
}
