import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participant statuses with reasons, platform standards, licences, datasets with their record
 * schema versions and full-text search, the provider trust replica and the token rate-limit table.
 */
export class CreateStandardsDatasetsAndSearch1767225600200 implements MigrationInterface {
  name = 'CreateStandardsDatasetsAndSearch1767225600200';

  async up(q: QueryRunner): Promise<void> {
    // A suspension says why and since when, on the participant itself: token issuing and the
    // directory read it without looking through events.
    await q.query(`
      ALTER TABLE catalog.participants
        ADD COLUMN status_reason     text        NULL,
        ADD COLUMN status_changed_at timestamptz NULL`);
    // Platform clients (auditor, dashboard) have roles and no participant.
    await q.query(`
      ALTER TABLE catalog.oauth_clients
        ADD COLUMN secret_rotated_at timestamptz NULL,
        ADD COLUMN name              text        NULL,
        ADD COLUMN roles             text[]      NOT NULL DEFAULT '{participant}',
        ALTER COLUMN participant_id DROP NOT NULL,
        ADD CONSTRAINT ck_oauth_clients_owner CHECK ((participant_id IS NULL) <> (roles = '{participant}'))`);

    // The "shared values" a participant can commit to (KMV antecedent); reference data.
    await q.query(`
      CREATE TABLE catalog.standards (
        code        text NOT NULL,
        title       text NOT NULL,
        description text NOT NULL,
        uri         text NULL,
        CONSTRAINT pk_standards PRIMARY KEY (code)
      )`);
    await q.query(`
      INSERT INTO catalog.standards (code, title, description) VALUES
        ('city-data-charter-v1', 'City data charter, version 1',
         'Shares data for public benefit, states purposes openly, honours agreed notice periods and answers disputes within 10 working days.'),
        ('open-licence', 'Open licence by default',
         'Publishes non-personal datasets under an open licence (CC0, CC BY or ODbL) unless a stated reason prevents it.'),
        ('anonymisation-k5', 'Anonymisation with k ≥ 5',
         'Aggregates person-level data so that every published cell describes at least five people.'),
        ('security-baseline-v1', 'Security baseline, version 1',
         'Keeps client secrets in a vault, rotates them at least yearly, and reports incidents to the operator within 72 hours.')`);
    // Adoption by a participant; revoking deletes the row (the events keep the history).
    await q.query(`
      CREATE TABLE catalog.participant_standards (
        participant_id uuid        NOT NULL,
        standard_code  text        NOT NULL,
        adopted_at     timestamptz NOT NULL,
        CONSTRAINT pk_participant_standards PRIMARY KEY (participant_id, standard_code),
        CONSTRAINT fk_participant_standards_participant FOREIGN KEY (participant_id) REFERENCES catalog.participants (id),
        CONSTRAINT fk_participant_standards_standard FOREIGN KEY (standard_code) REFERENCES catalog.standards (code)
      )`);

    // Licences a dataset may carry; the URI is what DCAT-AP exports as dct:license.
    await q.query(`
      CREATE TABLE catalog.licences (
        code  text    NOT NULL,
        title text    NOT NULL,
        uri   text    NOT NULL,
        open  boolean NOT NULL,
        CONSTRAINT pk_licences PRIMARY KEY (code)
      )`);
    await q.query(`
      INSERT INTO catalog.licences (code, title, uri, open) VALUES
        ('CC0-1.0',   'Creative Commons Zero 1.0',                'http://publications.europa.eu/resource/authority/licence/CC0', true),
        ('CC-BY-4.0', 'Creative Commons Attribution 4.0',         'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0', true),
        ('CC-BY-SA-4.0', 'Creative Commons Attribution-ShareAlike 4.0', 'http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0', true),
        ('ODbL-1.0',  'Open Database License 1.0',                'http://publications.europa.eu/resource/authority/licence/ODBL', true),
        ('agreement-only', 'Use only under a data-sharing agreement on this platform', 'https://dx.example/licences/agreement-only', false)`);

    // Words from the three weighted fields; an IMMUTABLE wrapper lets the vector be a generated column.
    // 'simple' keeps Kazakh, Russian and English words as written: a stemmer for one language
    // would mangle the other two (docs/adr/2026-11-26-catalog-datasets.md).
    await q.query(`
      CREATE FUNCTION catalog.dataset_search_vector(title text, keywords text[], description text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(array_to_string(keywords, ' '), '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C')
      $$`);
    await q.query(`
      CREATE TABLE catalog.datasets (
        id                 uuid        NOT NULL,
        provider_id        uuid        NOT NULL,
        title              text        NOT NULL,
        description        text        NOT NULL,
        themes             text[]      NOT NULL,
        keywords           text[]      NOT NULL,
        licence            text        NOT NULL,
        sensitivity        text        NOT NULL,
        visibility         text        NOT NULL,
        update_frequency   text        NOT NULL,
        spatial_coverage   jsonb       NOT NULL,
        temporal_coverage  jsonb       NOT NULL,
        legal_basis        text        NOT NULL,
        citizen_services   text[]      NOT NULL,
        contact_point      jsonb       NOT NULL,
        status             text        NOT NULL,
        status_reason      text        NULL,
        latest_schema_version integer  NOT NULL,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL,
        published_at       timestamptz NULL,
        version            integer     NOT NULL,
        search             tsvector GENERATED ALWAYS AS (catalog.dataset_search_vector(title, keywords, description)) STORED,
        CONSTRAINT pk_datasets PRIMARY KEY (id),
        CONSTRAINT fk_datasets_provider FOREIGN KEY (provider_id) REFERENCES catalog.participants (id),
        CONSTRAINT fk_datasets_licence FOREIGN KEY (licence) REFERENCES catalog.licences (code),
        CONSTRAINT ck_datasets_status CHECK (status IN ('draft', 'published', 'deprecated', 'withdrawn')),
        CONSTRAINT ck_datasets_visibility CHECK (visibility IN ('public', 'participants')),
        CONSTRAINT ck_datasets_sensitivity CHECK (sensitivity IN ('public', 'internal', 'confidential', 'personal-aggregated', 'personal'))
      )`);
    // GIN for the text match and for `themes && …` (any of the themes asked for); the listing index
    // serves the default order, newest first with the id breaking ties, as the keyset cursor needs.
    await q.query(`CREATE INDEX ix_datasets_search ON catalog.datasets USING gin (search)`);
    await q.query(`CREATE INDEX ix_datasets_themes ON catalog.datasets USING gin (themes)`);
    await q.query(`CREATE INDEX ix_datasets_provider ON catalog.datasets (provider_id)`);
    await q.query(
      `CREATE INDEX ix_datasets_listing ON catalog.datasets (status, created_at DESC, id DESC)`,
    );

    // Record schemas are versioned, never edited: agreements and stored records refer to the
    // version they were made under. `differences` and `compatibility` are computed against the
    // previous version when it is added; `unannounced` marks a breaking version published with
    // less than the notice period, which consent counts against the provider.
    await q.query(`
      CREATE TABLE catalog.schema_versions (
        dataset_id     uuid        NOT NULL,
        version        integer     NOT NULL,
        schema         jsonb       NOT NULL,
        primary_key    text[]      NOT NULL,
        subject_field  text        NULL,
        time_field     text        NULL,
        geo_field      text        NULL,
        compatibility  text        NULL,
        differences    jsonb       NOT NULL DEFAULT '[]',
        announced_at   timestamptz NOT NULL,
        effective_at   timestamptz NOT NULL,
        notice_seconds integer     NOT NULL DEFAULT 0,
        unannounced    boolean     NOT NULL DEFAULT false,
        created_by     text        NOT NULL,
        CONSTRAINT pk_schema_versions PRIMARY KEY (dataset_id, version),
        CONSTRAINT fk_schema_versions_dataset FOREIGN KEY (dataset_id) REFERENCES catalog.datasets (id),
        CONSTRAINT ck_schema_versions_compatibility CHECK (compatibility IN ('compatible', 'breaking'))
      )`);

    // Replica of trust.score.v1 (only what search shows); newer computations win.
    await q.query(`
      CREATE TABLE catalog.participant_trust (
        participant_id uuid             NOT NULL,
        role           text             NOT NULL,
        tier           text             NOT NULL,
        score          double precision NOT NULL,
        lower_bound    double precision NOT NULL,
        uncertainty    double precision NOT NULL,
        computed_at    timestamptz      NOT NULL,
        CONSTRAINT pk_participant_trust PRIMARY KEY (participant_id, role)
      )`);

    // rate-limiter-flexible's table layout (it is told the table exists and never creates it).
    await q.query(`
      CREATE TABLE catalog.rate_limits (
        key    varchar(255) NOT NULL,
        points integer      NOT NULL DEFAULT 0,
        expire bigint       NULL,
        CONSTRAINT pk_rate_limits PRIMARY KEY (key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rate_limits',
      'participant_trust',
      'schema_versions',
      'datasets',
      'licences',
      'participant_standards',
      'standards',
    ])
      await q.query(`DROP TABLE catalog.${t}`);
    await q.query(`DROP FUNCTION catalog.dataset_search_vector(text, text[], text)`);
    await q.query(`DELETE FROM catalog.oauth_clients WHERE participant_id IS NULL`);
    await q.query(
      `ALTER TABLE catalog.oauth_clients DROP CONSTRAINT ck_oauth_clients_owner, DROP COLUMN roles, DROP COLUMN name, DROP COLUMN secret_rotated_at, ALTER COLUMN participant_id SET NOT NULL`,
    );
    await q.query(
      `ALTER TABLE catalog.participants DROP COLUMN status_changed_at, DROP COLUMN status_reason`,
    );
  }
}
