import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kazakh and Russian titles, descriptions and keywords (`translations`, `{ "kk": {…}, "ru": {…} }`),
 * searchable as the English ones are: the search vector adds each language's words with the same
 * weights as the English fields. A generated column's expression cannot be altered, so `search`
 * is dropped and added again, which rewrites the table once.
 */
export class AddDatasetTranslations1767225603000 implements MigrationInterface {
  name = 'AddDatasetTranslations1767225603000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE catalog.datasets ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
    // The three-field vector of 1767225600200 for the English fields and for each translation.
    await q.query(`
      CREATE FUNCTION catalog.dataset_search_vector(title text, keywords text[], description text, translations jsonb)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT catalog.dataset_search_vector(title, keywords, description)
            || catalog.dataset_search_vector(
                 translations->'kk'->>'title',
                 ARRAY(SELECT jsonb_array_elements_text(coalesce(translations->'kk'->'keywords', '[]'::jsonb))),
                 translations->'kk'->>'description')
            || catalog.dataset_search_vector(
                 translations->'ru'->>'title',
                 ARRAY(SELECT jsonb_array_elements_text(coalesce(translations->'ru'->'keywords', '[]'::jsonb))),
                 translations->'ru'->>'description')
      $$`);
    await this.searchOver(q, 'title, keywords, description, translations');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.searchOver(q, 'title, keywords, description');
    await q.query(`DROP FUNCTION catalog.dataset_search_vector(text, text[], text, jsonb)`);
    await q.query(`ALTER TABLE catalog.datasets DROP COLUMN translations`);
  }

  private async searchOver(q: QueryRunner, columns: string): Promise<void> {
    await q.query(`DROP INDEX catalog.ix_datasets_search`);
    await q.query(`ALTER TABLE catalog.datasets DROP COLUMN search`);
    await q.query(
      `ALTER TABLE catalog.datasets ADD COLUMN search tsvector
         GENERATED ALWAYS AS (catalog.dataset_search_vector(${columns})) STORED`,
    );
    await q.query(`CREATE INDEX ix_datasets_search ON catalog.datasets USING gin (search)`);
  }
}
