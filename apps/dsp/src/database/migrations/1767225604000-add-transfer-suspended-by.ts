import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who suspended a transfer: the consumer may restart what it suspended, not what the provider
 * suspended (the agreement is suspended on the platform). The transfers of an agreement are found
 * by it when the agreement moves.
 */
export class AddTransferSuspendedBy1767225604000 implements MigrationInterface {
  name = 'AddTransferSuspendedBy1767225604000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE dsp.transfers ADD COLUMN suspended_by text NULL
         CONSTRAINT transfers_suspended_by CHECK (suspended_by IN ('consumer', 'provider'))`,
    );
    await q.query(`CREATE INDEX transfers_agreement ON dsp.transfers (agreement_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dsp.transfers_agreement`);
    await q.query(`ALTER TABLE dsp.transfers DROP COLUMN suspended_by`);
  }
}
