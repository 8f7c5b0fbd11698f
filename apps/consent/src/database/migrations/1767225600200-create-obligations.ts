import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery obligations: one row per scheduled delivery of an active agreement. */
export class CreateObligations1767225600200 implements MigrationInterface {
  name = 'CreateObligations1767225600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.obligations (
        id               uuid        NOT NULL,
        agreement_id     uuid        NOT NULL,
        dataset_id       uuid        NOT NULL,
        provider_id      uuid        NOT NULL,
        consumer_id      uuid        NOT NULL,
        sequence         integer     NOT NULL,
        due_at           timestamptz NOT NULL,
        grace_until      timestamptz NOT NULL,
        status           text        NOT NULL DEFAULT 'pending',
        delivery_id      uuid        NULL,
        delivered_at     timestamptz NULL,
        lateness_seconds integer     NULL,
        created_at       timestamptz NOT NULL,
        resolved_at      timestamptz NULL,
        CONSTRAINT pk_obligations PRIMARY KEY (id),
        CONSTRAINT uq_obligations_sequence UNIQUE (agreement_id, sequence),
        CONSTRAINT fk_obligations_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id),
        CONSTRAINT ck_obligations_status CHECK (status IN ('pending', 'fulfilled', 'missed', 'cancelled'))
      )`);
    // At most one open obligation per agreement: the scheduler and deliveries race safely on it.
    await q.query(
      `CREATE UNIQUE INDEX uq_obligations_open ON consent.obligations (agreement_id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_obligations_grace ON consent.obligations (grace_until) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_obligations_dataset ON consent.obligations (dataset_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.obligations`);
  }
}
