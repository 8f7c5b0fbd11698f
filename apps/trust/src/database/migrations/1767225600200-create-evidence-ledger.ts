import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evidence ledger (append-only, idempotent by event and target), the incremental decayed state
 * per participant, role and dimension, score snapshots with the model version and parameters they
 * were computed with, and the replicas the rules need (agreement parties, open disputes).
 */
export class CreateEvidenceLedger1767225600200 implements MigrationInterface {
  name = 'CreateEvidenceLedger1767225600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust.evidence (
        event_id        text             NOT NULL,
        participant_id  uuid             NOT NULL,
        role            text             NOT NULL,
        dimension       text             NOT NULL,
        event_type      text             NOT NULL,
        counterparty_id uuid             NULL,
        agreement_id    uuid             NULL,
        v               double precision NOT NULL,
        w               double precision NOT NULL,
        r               double precision NOT NULL,
        s               double precision NOT NULL,
        compliant_value double precision NULL,
        occurred_at     timestamptz      NOT NULL,
        recorded_at     timestamptz      NOT NULL DEFAULT now(),
        rule_version    text             NOT NULL,
        reason_key      text             NOT NULL,
        params          jsonb            NOT NULL,
        CONSTRAINT pk_evidence PRIMARY KEY (event_id, participant_id, role, dimension),
        CONSTRAINT ck_evidence_role CHECK (role IN ('provider', 'consumer')),
        CONSTRAINT ck_evidence_v CHECK (v BETWEEN -1 AND 1 AND w > 0)
      )`);
    await q.query(
      `CREATE INDEX ix_evidence_participant ON trust.evidence (participant_id, role, occurred_at)`,
    );
    await q.query(`
      CREATE TABLE trust.trust_state (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        dimension      text             NOT NULL,
        r              double precision NOT NULL,
        s              double precision NOT NULL,
        as_of          timestamptz      NOT NULL,
        model_version  text             NOT NULL,
        CONSTRAINT pk_trust_state PRIMARY KEY (participant_id, role, dimension)
      )`);
    await q.query(`
      CREATE TABLE trust.model_configs (
        version        text        NOT NULL,
        params         jsonb       NOT NULL,
        effective_from timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_model_configs PRIMARY KEY (version)
      )`);
    await q.query(`
      CREATE TABLE trust.snapshots (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        computed_at    timestamptz      NOT NULL,
        score          double precision NOT NULL,
        lower_bound    double precision NOT NULL,
        uncertainty    double precision NOT NULL,
        tier           text             NOT NULL,
        explanation    jsonb            NOT NULL,
        model_version  text             NOT NULL REFERENCES trust.model_configs (version),
        cause_event_id text             NULL,
        CONSTRAINT pk_snapshots PRIMARY KEY (participant_id, role, computed_at)
      )`);
    await q.query(`
      CREATE TABLE trust.agreement_parties (
        agreement_id uuid        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        consumer_id  uuid        NOT NULL,
        state        text        NOT NULL,
        version      integer     NOT NULL,
        updated_at   timestamptz NOT NULL,
        CONSTRAINT pk_agreement_parties PRIMARY KEY (agreement_id)
      )`);
    await q.query(`
      CREATE TABLE trust.pending_disputes (
        dispute_id   uuid        NOT NULL,
        agreement_id uuid        NOT NULL,
        against      text        NOT NULL,
        opened_by    text        NOT NULL,
        category     text        NOT NULL,
        description  text        NOT NULL,
        opened_at    timestamptz NOT NULL,
        resolved_at  timestamptz NULL,
        outcome      text        NULL,
        CONSTRAINT pk_pending_disputes PRIMARY KEY (dispute_id)
      )`);
    await q.query(
      `CREATE INDEX ix_pending_disputes_against ON trust.pending_disputes (against) WHERE resolved_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pending_disputes',
      'agreement_parties',
      'snapshots',
      'model_configs',
      'trust_state',
      'evidence',
    ])
      await q.query(`DROP TABLE trust.${t}`);
  }
}
