import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PLATFORM_MODEL, stateTrackTable } from '@dx/trust-model';

/**
 * Model trust-1.2.0 keeps the incremental state per counterparty (the share cap of §8 needs each
 * counterparty's decayed evidence; '' is the platform's own) and the tier guard's short-memory
 * reliability as a row of its own (`reliability.recent`), so rescoring reads no ledger. The state
 * is derived data: it is rebuilt here from the ledger under the model in force — the same sums
 * `trust:verify` checks — and every profile is queued for rescoring.
 */
export class StatePerCounterparty1767225600600 implements MigrationInterface {
  name = 'StatePerCounterparty1767225600600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trust.trust_state ADD COLUMN counterparty text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE trust.trust_state DROP CONSTRAINT pk_trust_state`);
    await q.query(
      `ALTER TABLE trust.trust_state ADD CONSTRAINT pk_trust_state PRIMARY KEY (participant_id, role, dimension, counterparty)`,
    );
    await q.query(`DELETE FROM trust.trust_state`);
    await q.query(
      `WITH tracks AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS t(role text, dimension text, key text, counterparty boolean, positive float8, negative float8)
       ),
       rows AS (
         SELECT e.participant_id, e.role, t.key,
                CASE WHEN t.counterparty THEN coalesce(e.counterparty_id::text, '') ELSE '' END AS counterparty,
                e.r, e.s, e.occurred_at, t.positive, t.negative
         FROM trust.evidence e JOIN tracks t ON t.role = e.role AND t.dimension = e.dimension
       ),
       last AS (
         SELECT participant_id, role, key, counterparty, max(occurred_at) AS as_of FROM rows
         GROUP BY participant_id, role, key, counterparty
       )
       INSERT INTO trust.trust_state (participant_id, role, dimension, counterparty, r, s, as_of, model_version)
       SELECT x.participant_id, x.role, x.key, x.counterparty,
              sum(x.r * power(2::float8, -(extract(epoch FROM l.as_of - x.occurred_at)::float8 / 86400) / x.positive)),
              sum(x.s * power(2::float8, -(extract(epoch FROM l.as_of - x.occurred_at)::float8 / 86400) / x.negative)),
              l.as_of, $2
       FROM rows x JOIN last l USING (participant_id, role, key, counterparty)
       GROUP BY x.participant_id, x.role, x.key, x.counterparty, l.as_of`,
      [JSON.stringify(stateTrackTable(PLATFORM_MODEL)), PLATFORM_MODEL.version],
    );
    await q.query(
      `INSERT INTO trust.rescore_queue (participant_id, role, cause_event_id)
       SELECT participant_id, role, NULL FROM trust.trust_profiles ON CONFLICT DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM trust.trust_state WHERE counterparty <> '' OR dimension = 'reliability.recent'`,
    );
    await q.query(`ALTER TABLE trust.trust_state DROP CONSTRAINT pk_trust_state`);
    await q.query(
      `ALTER TABLE trust.trust_state ADD CONSTRAINT pk_trust_state PRIMARY KEY (participant_id, role, dimension)`,
    );
    await q.query(`ALTER TABLE trust.trust_state DROP COLUMN counterparty`);
  }
}
