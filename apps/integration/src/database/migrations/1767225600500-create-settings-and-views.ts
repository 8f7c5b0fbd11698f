import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-dataset settings (validity threshold, retention, the overlapping source for cross-source
 * agreement) and integrated views: a definition joining two datasets on keys, and its rows (one per
 * join-key value) with their aggregates and lineage.
 */
export class CreateSettingsAndViews1767225600500 implements MigrationInterface {
  name = 'CreateSettingsAndViews1767225600500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.dataset_settings (
        dataset_id     uuid        NOT NULL,
        min_validity   numeric     NOT NULL DEFAULT 0.5,
        retention_days integer     NULL,
        cross_source   jsonb       NULL,
        updated_by     text        NOT NULL,
        updated_at     timestamptz NOT NULL,
        CONSTRAINT pk_dataset_settings PRIMARY KEY (dataset_id),
        CONSTRAINT ck_dataset_settings_validity CHECK (min_validity >= 0 AND min_validity <= 1),
        CONSTRAINT ck_dataset_settings_retention CHECK (retention_days IS NULL OR retention_days > 0)
      )`);
    await q.query(`
      CREATE TABLE integration.views (
        view_id          uuid        NOT NULL,
        owner_id         uuid        NOT NULL,
        name             text        NOT NULL,
        left_dataset_id  uuid        NOT NULL,
        right_dataset_id uuid        NOT NULL,
        join_keys        jsonb       NOT NULL,
        aggregations     jsonb       NOT NULL,
        created_at       timestamptz NOT NULL,
        refreshed_at     timestamptz NOT NULL,
        CONSTRAINT pk_views PRIMARY KEY (view_id)
      )`);
    await q.query(`CREATE INDEX ix_views_left ON integration.views (left_dataset_id)`);
    await q.query(`CREATE INDEX ix_views_right ON integration.views (right_dataset_id)`);
    await q.query(`
      CREATE TABLE integration.view_rows (
        view_id      uuid        NOT NULL,
        row_key      jsonb       NOT NULL,
        seq          bigserial   NOT NULL,
        key_values   jsonb       NOT NULL,
        aggregates   jsonb       NOT NULL,
        lineage      jsonb       NOT NULL,
        refreshed_at timestamptz NOT NULL,
        CONSTRAINT pk_view_rows PRIMARY KEY (view_id, row_key)
      )`);
    await q.query(`CREATE INDEX ix_view_rows_page ON integration.view_rows (view_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['view_rows', 'views', 'dataset_settings'])
      await q.query(`DROP TABLE integration.${t}`);
  }
}
