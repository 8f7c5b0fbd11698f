import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commitment index last published per participant (`trust.commitment.updated`), so a new one
 * is published only when it moved (tenure grows every day; the index to three decimals does not).
 */
export class CreateCommitmentPublished1767225600700 implements MigrationInterface {
  name = 'CreateCommitmentPublished1767225600700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust.commitment_published (
        participant_id uuid             NOT NULL,
        index          double precision NOT NULL,
        fingerprint    text             NOT NULL,
        computed_at    timestamptz      NOT NULL,
        CONSTRAINT pk_commitment_published PRIMARY KEY (participant_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trust.commitment_published`);
  }
}
