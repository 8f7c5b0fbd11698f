import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key of the research exports' pseudonyms (docs/research.md §9): made once per installation by
 * the service (random, 32 bytes) and kept here, so a participant has the same pseudonym in every
 * export and nobody without this schema can link a pseudonym back. Not a read model: a rebuild
 * from the topics leaves it alone. With it, an index for the panel's "latest score of this
 * participant before the month's end", asked once per relationship-month.
 */
export class AddResearchKeys1767225604000 implements MigrationInterface {
  name = 'AddResearchKeys1767225604000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.research_keys (
        name       text        NOT NULL,
        key        bytea       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_research_keys PRIMARY KEY (name)
      )`);
    await q.query(
      `CREATE INDEX ix_facts_participant_type_time ON insights.facts (participant_id, type, occurred_at)
       WHERE participant_id IS NOT NULL`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX insights.ix_facts_participant_type_time`);
    await q.query(`DROP TABLE insights.research_keys`);
  }
}
