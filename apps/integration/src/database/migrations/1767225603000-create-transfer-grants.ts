import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pull grants for data-space transfers (docs/dataspace.md §6): the token only as its digest. */
export class CreateTransferGrants1767225603000 implements MigrationInterface {
  name = 'CreateTransferGrants1767225603000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.transfer_grants (
        transfer_id uuid PRIMARY KEY,
        agreement_id uuid NOT NULL,
        consumer_id uuid NOT NULL,
        reference text,
        token_digest bytea NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED')),
        reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX transfer_grants_agreement ON integration.transfer_grants (agreement_id)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE integration.transfer_grants`);
  }
}
