import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ratings of deliveries by their consumers, and participants' kinds (the pre-trusted set). */
export class CreateRatings1767225600300 implements MigrationInterface {
  name = 'CreateRatings1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trust.participants (
        participant_id uuid        NOT NULL,
        kind              text        NOT NULL,
        registered_at     timestamptz NOT NULL,
        adopted_standards text[]      NOT NULL DEFAULT '{}',
        CONSTRAINT pk_participants PRIMARY KEY (participant_id)
      )`);
    await q.query(`
      CREATE TABLE trust.ratings (
        rating_id    uuid             NOT NULL,
        delivery_id  uuid             NOT NULL,
        rater_id     uuid             NOT NULL,
        provider_id  uuid             NOT NULL,
        agreement_id uuid             NOT NULL,
        score        integer          NOT NULL,
        comment      text             NULL,
        credibility  double precision NOT NULL,
        created_at   timestamptz      NOT NULL,
        CONSTRAINT pk_ratings PRIMARY KEY (rating_id),
        CONSTRAINT uq_ratings_delivery UNIQUE (delivery_id, rater_id),
        CONSTRAINT ck_ratings_score CHECK (score BETWEEN 1 AND 5)
      )`);
    await q.query(
      `CREATE INDEX ix_evidence_delivery ON trust.evidence ((params->>'deliveryId')) WHERE event_type = 'consent.obligation.delivery-fulfilled'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX trust.ix_evidence_delivery`);
    await q.query(`DROP TABLE trust.ratings`);
    await q.query(`DROP TABLE trust.participants`);
  }
}
