import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tier guard's short-memory reliability (model trust-1.1.0: half-life 10 days) becomes a state
 * row of its own, `reliability.recent`, so rescoring reads no ledger. Existing providers get the row
 * computed from their ledger, dated at their last reliability evidence; `npm run trust:verify`
 * checks it like every other row.
 */
export class AddRecentReliabilityState1767225600600 implements MigrationInterface {
  name = 'AddRecentReliabilityState1767225600600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO trust.trust_state (participant_id, role, dimension, r, s, as_of, model_version)
      SELECT e.participant_id, e.role, 'reliability.recent',
             sum(e.r * power(2, -extract(epoch FROM l.as_of - e.occurred_at) / 86400 / 10)),
             sum(e.s * power(2, -extract(epoch FROM l.as_of - e.occurred_at) / 86400 / 10)),
             l.as_of, 'trust-1.1.0'
      FROM trust.evidence e
      JOIN (SELECT participant_id, role, max(occurred_at) AS as_of FROM trust.evidence
            WHERE dimension = 'reliability' AND role = 'provider' GROUP BY participant_id, role) l
        ON l.participant_id = e.participant_id AND l.role = e.role
      WHERE e.dimension = 'reliability'
      GROUP BY e.participant_id, e.role, l.as_of
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM trust.trust_state WHERE dimension = 'reliability.recent'`);
  }
}
