import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models: `facts` keeps every consumed event (the ledger every indicator and time series
 * is computed from, keyed by event id), and the current state of participants, datasets,
 * agreements and trust scores, each upserted only forward (by version or time). All of it is
 * derived from the topics and can be rebuilt from them (`npm run insights:rebuild`).
 */
export class CreateReadModels1767225600100 implements MigrationInterface {
  name = 'CreateReadModels1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.facts (
        event_id       uuid        NOT NULL,
        type           text        NOT NULL,
        topic          text        NOT NULL,
        occurred_at    timestamptz NOT NULL,
        participant_id uuid        NULL,
        provider_id    uuid        NULL,
        consumer_id    uuid        NULL,
        agreement_id   uuid        NULL,
        dataset_id     uuid        NULL,
        data           jsonb       NOT NULL,
        CONSTRAINT pk_facts PRIMARY KEY (event_id)
      )`);
    await q.query(`CREATE INDEX ix_facts_type_time ON insights.facts (type, occurred_at)`);
    await q.query(
      `CREATE INDEX ix_facts_agreement ON insights.facts (agreement_id, type) WHERE agreement_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE insights.participants (
        participant_id uuid        NOT NULL,
        name           text        NOT NULL,
        kind           text        NOT NULL,
        sector         text        NULL,
        status         text        NOT NULL,
        registered_at  timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        CONSTRAINT pk_participants PRIMARY KEY (participant_id)
      )`);
    await q.query(`
      CREATE TABLE insights.datasets (
        dataset_id  uuid        NOT NULL,
        provider_id uuid        NOT NULL,
        title       text        NOT NULL,
        status      text        NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT pk_datasets PRIMARY KEY (dataset_id)
      )`);
    await q.query(`
      CREATE TABLE insights.agreements (
        agreement_id uuid        NOT NULL,
        dataset_id   uuid        NOT NULL,
        provider_id  uuid        NOT NULL,
        consumer_id  uuid        NOT NULL,
        state        text        NOT NULL,
        version      integer     NOT NULL,
        purpose      text        NULL,
        legal_basis  text        NULL,
        requested_at timestamptz NOT NULL,
        activated_at timestamptz NULL,
        ended_at     timestamptz NULL,
        updated_at   timestamptz NOT NULL,
        CONSTRAINT pk_agreements PRIMARY KEY (agreement_id)
      )`);
    await q.query(`
      CREATE TABLE insights.trust_scores (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        score          double precision NOT NULL,
        lower_bound    double precision NOT NULL,
        uncertainty    double precision NOT NULL,
        tier           text             NOT NULL,
        model_version  text             NOT NULL,
        computed_at    timestamptz      NOT NULL,
        CONSTRAINT pk_trust_scores PRIMARY KEY (participant_id, role)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['trust_scores', 'agreements', 'datasets', 'participants', 'facts'])
      await q.query(`DROP TABLE insights.${t}`);
  }
}
