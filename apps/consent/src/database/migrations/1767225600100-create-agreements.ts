import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements with their term versions and transitions (one authoritative record per agreement),
 * and the replica of catalog datasets and record schemas the terms are checked against.
 */
export class CreateAgreements1767225600100 implements MigrationInterface {
  name = 'CreateAgreements1767225600100';

  async up(q: QueryRunner): Promise<void> {
    // Replica of catalog.dataset.v1 (event-carried state; the newest aggregate version wins).
    await q.query(`
      CREATE TABLE consent.datasets (
        dataset_id            uuid        NOT NULL,
        provider_id           uuid        NOT NULL,
        provider_kind         text        NOT NULL,
        title                 text        NOT NULL,
        status                text        NOT NULL,
        sensitivity           text        NOT NULL,
        latest_schema_version integer     NOT NULL,
        catalog_version       integer     NOT NULL,
        updated_at            timestamptz NOT NULL,
        CONSTRAINT pk_datasets PRIMARY KEY (dataset_id)
      )`);
    // Every schema version, not only the latest: terms name fields of the version in force, and a
    // version published without the agreed change notice is kept marked `unannounced`.
    await q.query(`
      CREATE TABLE consent.dataset_schema_versions (
        dataset_id    uuid        NOT NULL,
        version       integer     NOT NULL,
        properties    text[]      NOT NULL,
        primary_key   text[]      NOT NULL,
        subject_field text        NULL,
        time_field    text        NULL,
        effective_at  timestamptz NOT NULL,
        compatibility text        NULL,
        unannounced   boolean     NOT NULL DEFAULT false,
        CONSTRAINT pk_dataset_schema_versions PRIMARY KEY (dataset_id, version)
      )`);

    // The agreement's current state only; `version` is both the ETag a command must match and the
    // order replicas apply events in. `next_due_at` is the next time-driven transition (start,
    // expiry, notice running out), so the scheduler reads an index instead of every agreement.
    await q.query(`
      CREATE TABLE consent.agreements (
        id                   uuid        NOT NULL,
        dataset_id           uuid        NOT NULL,
        provider_id          uuid        NOT NULL,
        consumer_id          uuid        NOT NULL,
        state                text        NOT NULL,
        version              integer     NOT NULL,
        current_term_version integer     NULL,
        notice               jsonb       NULL,
        state_reason         text        NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        next_due_at          timestamptz NULL,
        CONSTRAINT pk_agreements PRIMARY KEY (id),
        CONSTRAINT ck_agreements_state CHECK (state IN ('REQUESTED','OFFERED','ACCEPTED','AGREED','ACTIVE','SUSPENDED','NOTICE_GIVEN','TERMINATED','EXPIRED','REJECTED','WITHDRAWN')),
        CONSTRAINT ck_agreements_parties CHECK (provider_id <> consumer_id)
      )`);
    // A participant lists its agreements by side and often by state.
    await q.query(`CREATE INDEX ix_agreements_provider ON consent.agreements (provider_id, state)`);
    await q.query(`CREATE INDEX ix_agreements_consumer ON consent.agreements (consumer_id, state)`);
    await q.query(`CREATE INDEX ix_agreements_dataset ON consent.agreements (dataset_id, state)`);
    // The scheduler's work queue: only agreements with a time transition ahead are indexed.
    await q.query(
      `CREATE INDEX ix_agreements_due ON consent.agreements (next_due_at) WHERE next_due_at IS NOT NULL`,
    );
    // Term versions are never overwritten: an offer, amendment or renewal is a new row, and the
    // terms both sides accepted stay as the record of what was agreed. Acceptances are per version,
    // so a counter-offer leaves earlier acceptances on the older version.
    await q.query(`
      CREATE TABLE consent.agreement_terms (
        agreement_id         uuid        NOT NULL,
        version              integer     NOT NULL,
        kind                 text        NOT NULL,
        proposed_by          text        NOT NULL,
        proposed_at          timestamptz NOT NULL,
        terms                jsonb       NOT NULL,
        provider_accepted_at timestamptz NULL,
        consumer_accepted_at timestamptz NULL,
        CONSTRAINT pk_agreement_terms PRIMARY KEY (agreement_id, version),
        CONSTRAINT fk_agreement_terms_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id),
        CONSTRAINT ck_agreement_terms_kind CHECK (kind IN ('initial', 'offer', 'amendment', 'renewal'))
      )`);
    // The agreement's own history, numbered per agreement; the API shows it and each row left as
    // one event through the outbox in the same transaction.
    await q.query(`
      CREATE TABLE consent.agreement_transitions (
        agreement_id  uuid        NOT NULL,
        seq           integer     NOT NULL,
        event_type    text        NOT NULL,
        from_state    text        NULL,
        to_state      text        NOT NULL,
        actor_subject text        NOT NULL,
        actor_role    text        NOT NULL,
        reason        text        NULL,
        term_version  integer     NOT NULL,
        at            timestamptz NOT NULL,
        CONSTRAINT pk_agreement_transitions PRIMARY KEY (agreement_id, seq),
        CONSTRAINT fk_agreement_transitions_agreement FOREIGN KEY (agreement_id) REFERENCES consent.agreements (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'agreement_transitions',
      'agreement_terms',
      'agreements',
      'dataset_schema_versions',
      'datasets',
    ])
      await q.query(`DROP TABLE consent.${t}`);
  }
}
