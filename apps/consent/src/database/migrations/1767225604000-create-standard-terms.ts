import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers' standard terms per dataset, from which the data-space offers are made. */
export class CreateStandardTerms1767225604000 implements MigrationInterface {
  name = 'CreateStandardTerms1767225604000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.standard_terms (
        dataset_id uuid PRIMARY KEY,
        provider_id uuid NOT NULL,
        terms jsonb NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.standard_terms`);
  }
}
