import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrustProfiles1767225600100 implements MigrationInterface {
  name = 'CreateTrustProfiles1767225600100';

  async up(q: QueryRunner): Promise<void> {
    // Current global score per participant and role. The evidence ledger (later) feeds it.
    await q.query(`
      CREATE TABLE trust.trust_profiles (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        score          double precision NOT NULL,
        lower_bound    double precision NOT NULL,
        uncertainty    double precision NOT NULL,
        tier           text             NOT NULL,
        base_rate      double precision NOT NULL,
        evidence_total double precision NOT NULL,
        model_version  text             NOT NULL,
        computed_at    timestamptz      NOT NULL,
        created_at     timestamptz      NOT NULL DEFAULT now(),
        CONSTRAINT pk_trust_profiles PRIMARY KEY (participant_id, role),
        CONSTRAINT ck_trust_profiles_role CHECK (role IN ('provider', 'consumer'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trust.trust_profiles`);
  }
}
