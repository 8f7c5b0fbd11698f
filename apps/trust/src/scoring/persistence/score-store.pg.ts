import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import {
  type PastScore,
  type ScoreSummary,
  type ModelConfig,
  type StateKey,
} from '@dx/trust-model';
import { ScoreStore, type StateRow, type StoredProfile } from '../domain/score-store';

interface StateRecord {
  participant_id: string;
  role: TrustRole;
  dimension: StateKey;
  counterparty: string;
  r: number;
  s: number;
  as_of: Date;
}

const toRow = (c: StateRecord): StateRow => ({
  participantId: c.participant_id,
  role: c.role,
  dimension: c.dimension,
  counterparty: c.counterparty,
  r: c.r,
  s: c.s,
  asOf: new Date(c.as_of),
});

const toRecords = (rows: StateRow[]): string =>
  JSON.stringify(
    rows.map((r) => ({
      participant_id: r.participantId,
      role: r.role,
      dimension: r.dimension,
      counterparty: r.counterparty,
      r: r.r,
      s: r.s,
      as_of: r.asOf.toISOString(),
    })),
  );

/** `trust.trust_state`, `trust.snapshots`, `trust.trust_profiles` and `trust.model_configs`. */
@Injectable()
export class PgScoreStore extends ScoreStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /**
   * Once at boot, in its own statement: inserting the model version inside every rescoring let two
   * first rescorings deadlock on each other's uncommitted key while holding profile locks.
   */
  async registerModel(model: ModelConfig): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO trust.model_configs (version, params) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING`,
      [model.version, JSON.stringify(model)],
    );
  }

  async lockState(em: EntityManager, keys: StateRow[], modelVersion: string): Promise<StateRow[]> {
    const records = toRecords(keys);
    // Missing rows first (empty, dated at their earliest evidence), so the lock below covers them.
    await em.query(
      `INSERT INTO trust.trust_state (participant_id, role, dimension, counterparty, r, s, as_of, model_version)
       SELECT participant_id, role, dimension, counterparty, 0, 0, as_of, $2
       FROM jsonb_to_recordset($1::jsonb) AS k(participant_id uuid, role text, dimension text, counterparty text, as_of timestamptz)
       ORDER BY participant_id, role, dimension, counterparty
       ON CONFLICT DO NOTHING`,
      [records, modelVersion],
    );
    // Locked in key order, as every writer of the state does, so concurrent batches over
    // overlapping participants wait for each other instead of deadlocking.
    const current = await em.query<StateRecord[]>(
      `SELECT t.participant_id::text, t.role, t.dimension, t.counterparty, t.r, t.s, t.as_of
       FROM trust.trust_state t
       JOIN jsonb_to_recordset($1::jsonb) AS k(participant_id uuid, role text, dimension text, counterparty text)
         ON k.participant_id = t.participant_id AND k.role = t.role AND k.dimension = t.dimension
        AND k.counterparty = t.counterparty
       ORDER BY t.participant_id, t.role, t.dimension, t.counterparty
       FOR UPDATE OF t`,
      [records],
    );
    return current.map(toRow);
  }

  /** The folded state of rows locked by {@link lockState}, one UPDATE for the whole batch. */
  async writeState(em: EntityManager, rows: StateRow[], modelVersion: string): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `UPDATE trust.trust_state t SET r = u.r, s = u.s, as_of = u.as_of, model_version = $2
       FROM jsonb_to_recordset($1::jsonb) AS u(participant_id uuid, role text, dimension text, counterparty text, r float8, s float8, as_of timestamptz)
       WHERE t.participant_id = u.participant_id AND t.role = u.role AND t.dimension = u.dimension
         AND t.counterparty = u.counterparty`,
      [toRecords(rows), modelVersion],
    );
  }

  async stateOf(em: EntityManager, participantId: string, role: TrustRole): Promise<StateRow[]> {
    const rows = await em.query<StateRecord[]>(
      `SELECT participant_id::text, role, dimension, counterparty, r, s, as_of FROM trust.trust_state
       WHERE participant_id = $1 AND role = $2`,
      [participantId, role],
    );
    return rows.map(toRow);
  }

  /**
   * The profile is the rescoring's lock: two rescorings of one participant and role (two replicas,
   * or the queue and an explicit recompute) run one after the other, never interleaved.
   */
  async lockProfile(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
  ): Promise<StoredProfile | null> {
    const [p] = await em.query<Array<{ base_rate: number; score: number; tier: string }>>(
      `SELECT base_rate, score, tier FROM trust.trust_profiles WHERE participant_id = $1 AND role = $2 FOR UPDATE`,
      [participantId, role],
    );
    return p ? { baseRate: p.base_rate, score: p.score, tier: p.tier } : null;
  }

  /**
   * Scores over a period with the caps and dimension scores of each explanation, extracted in SQL
   * so the (large) explanations are not shipped to the service to read two fields.
   */
  async pastScores(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    from: Date,
    to: Date,
  ): Promise<PastScore[]> {
    const rows = await em.query<
      Array<{
        computed_at: Date;
        score: number;
        caps: string[] | null;
        dims: Record<string, number> | null;
      }>
    >(
      `SELECT computed_at, score,
              (SELECT array_agg(c->>'eventId') FROM jsonb_array_elements(explanation->'capsApplied') c) AS caps,
              (SELECT jsonb_object_agg(d->>'name', (d->>'P')::float8) FROM jsonb_array_elements(explanation->'dimensions') d) AS dims
       FROM trust.snapshots WHERE participant_id = $1 AND role = $2 AND computed_at >= $3 AND computed_at < $4
       ORDER BY computed_at`,
      [participantId, role, from, to],
    );
    return rows.map((r) => ({
      at: new Date(r.computed_at),
      score: r.score,
      capEventIds: r.caps ?? [],
      dimensions: r.dims ?? {},
    }));
  }

  /**
   * A snapshot per computation time (recomputing the same instant replaces it, so a replayed
   * rescoring leaves one row) and the current profile, which keeps its base rate once set.
   */
  async saveScore(
    em: EntityManager,
    role: TrustRole,
    x: ScoreSummary,
    at: { asOf: Date; baseRate: number; modelVersion: string; causeEventId: string | null },
  ): Promise<void> {
    await em.query(
      `INSERT INTO trust.snapshots (participant_id, role, computed_at, score, lower_bound, uncertainty, tier, explanation, model_version, cause_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (participant_id, role, computed_at) DO UPDATE SET score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, tier = EXCLUDED.tier, explanation = EXCLUDED.explanation, cause_event_id = EXCLUDED.cause_event_id`,
      [
        x.participantId,
        role,
        at.asOf,
        x.score,
        x.lowerBound,
        x.uncertainty,
        x.tier,
        JSON.stringify(x),
        at.modelVersion,
        at.causeEventId,
      ],
    );
    await em.query(
      `INSERT INTO trust.trust_profiles (participant_id, role, score, lower_bound, uncertainty, tier, base_rate, evidence_total, model_version, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (participant_id, role) DO UPDATE SET score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, tier = EXCLUDED.tier, evidence_total = EXCLUDED.evidence_total,
         model_version = EXCLUDED.model_version, computed_at = EXCLUDED.computed_at`,
      [
        x.participantId,
        role,
        x.score,
        x.lowerBound,
        x.uncertainty,
        x.tier,
        at.baseRate,
        x.evidenceTotal,
        at.modelVersion,
        at.asOf,
      ],
    );
  }
}
