import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers' auto-decision policies, the decisions they made, and the trust-tier replica they read. */
export class CreateDecisionPolicies1767225600600 implements MigrationInterface {
  name = 'CreateDecisionPolicies1767225600600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.trust_tiers (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        tier           text             NOT NULL,
        lower_bound    double precision NOT NULL,
        computed_at    timestamptz      NOT NULL,
        CONSTRAINT pk_trust_tiers PRIMARY KEY (participant_id, role)
      )`);
    await q.query(`
      CREATE TABLE consent.decision_policies (
        dataset_id  uuid        NOT NULL,
        provider_id uuid        NOT NULL,
        rules       jsonb       NOT NULL,
        version     integer     NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT pk_decision_policies PRIMARY KEY (dataset_id)
      )`);
    await q.query(`
      CREATE TABLE consent.policy_decisions (
        id             uuid        NOT NULL,
        agreement_id   uuid        NOT NULL,
        term_version   integer     NOT NULL,
        outcome        text        NOT NULL,
        rule_id        text        NULL,
        policy_version integer     NULL,
        explanation    jsonb       NOT NULL,
        inputs         jsonb       NOT NULL,
        decided_at     timestamptz NOT NULL,
        CONSTRAINT pk_policy_decisions PRIMARY KEY (id),
        CONSTRAINT fk_policy_decisions_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id),
        CONSTRAINT ck_policy_decisions_outcome CHECK (outcome IN ('accepted', 'rejected', 'queued'))
      )`);
    await q.query(
      `CREATE INDEX ix_policy_decisions_agreement ON consent.policy_decisions (agreement_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['policy_decisions', 'decision_policies', 'trust_tiers'])
      await q.query(`DROP TABLE consent.${t}`);
  }
}
