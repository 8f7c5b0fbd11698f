import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each participant's latest commitment index (from `trust.commitment.updated`). */
export class CreateCommitment1767225600200 implements MigrationInterface {
  name = 'CreateCommitment1767225600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.commitment (
        participant_id uuid             NOT NULL,
        index          double precision NOT NULL,
        components     jsonb            NOT NULL,
        computed_at    timestamptz      NOT NULL,
        CONSTRAINT pk_commitment PRIMARY KEY (participant_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.commitment`);
  }
}
