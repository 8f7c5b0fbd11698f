import type { DataSource, EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import {
  cappedTotals,
  capsAt,
  guardsOf,
  RECENT_RELIABILITY,
  scoreOf,
  stateTrackTable,
  type Score,
  type CounterpartyTotals,
  type StateKey,
  type Evidence,
  PLATFORM_MODEL as MODEL,
  type Dimension,
} from '@dx/trust-model';

export interface StateCheck {
  states: number;
  /** Largest |incremental − recomputed| over every r and s. */
  maxDifference: number;
  mismatches: Array<{
    participantId: string;
    role: TrustRole;
    dimension: StateKey;
    /** '' for rows not kept per counterparty, or evidence without one. */
    counterparty: string;
    incremental: { r: number; s: number };
    recomputed: { r: number; s: number };
  }>;
  rebuilt: boolean;
}

/**
 * Reproducibility (docs/trust-model.md §14, issue 6.7): recomputes every incremental state row from
 * the evidence ledger at the row's own `as_of` and compares (a row the ledger implies but the state
 * lacks counts as a mismatch); with `rebuild`, the ledger's values replace the state (after a rule
 * or model change). Tolerance for a mismatch: 1e-9.
 *
 * The recomputation is one aggregate over the ledger in the database (Σ r·2^(−age/h) per row), a
 * second, independent implementation of the decay beside the incremental one in TypeScript — so
 * the two agreeing means something, and a million rows take seconds.
 */
export async function verifyState(
  em: EntityManager,
  opts: { rebuild?: boolean; tolerance?: number } = {},
): Promise<StateCheck> {
  const tolerance = opts.tolerance ?? 1e-9;
  const rows = await em.query<
    Array<{
      participant_id: string;
      role: TrustRole;
      dimension: StateKey;
      counterparty: string;
      r: number;
      s: number;
      as_of: Date;
      missing: boolean;
      full_r: number;
      full_s: number;
    }>
  >(
    `WITH tracks AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS t(role text, dimension text, key text, counterparty boolean, positive float8, negative float8)
     ),
     ledger AS (
       SELECT e.participant_id, e.role, e.dimension, t.key,
              CASE WHEN t.counterparty THEN coalesce(e.counterparty_id::text, '') ELSE '' END AS counterparty,
              e.r, e.s, e.occurred_at, t.positive, t.negative
       FROM trust.evidence e JOIN tracks t ON t.role = e.role AND t.dimension = e.dimension
     ),
     implied AS (
       SELECT participant_id, role, key, counterparty, max(occurred_at) AS last_at FROM ledger
       GROUP BY participant_id, role, key, counterparty
     ),
     checked AS (
       SELECT coalesce(s.participant_id, i.participant_id) AS participant_id,
              coalesce(s.role, i.role) AS role,
              coalesce(s.dimension, i.key) AS dimension,
              coalesce(s.counterparty, i.counterparty) AS counterparty,
              coalesce(s.r, 0) AS r, coalesce(s.s, 0) AS s,
              coalesce(s.as_of, i.last_at) AS as_of,
              s.participant_id IS NULL AS missing
       FROM trust.trust_state s
       FULL JOIN implied i ON i.participant_id = s.participant_id AND i.role = s.role
        AND i.key = s.dimension AND i.counterparty = s.counterparty
     )
     SELECT c.participant_id::text, c.role, c.dimension, c.counterparty, c.r, c.s, c.as_of, c.missing,
            coalesce(sum(l.r * power(2::float8, -(extract(epoch FROM c.as_of - l.occurred_at)::float8 / 86400) / l.positive)), 0) AS full_r,
            coalesce(sum(l.s * power(2::float8, -(extract(epoch FROM c.as_of - l.occurred_at)::float8 / 86400) / l.negative)), 0) AS full_s
     FROM checked c
     LEFT JOIN ledger l
       ON l.participant_id = c.participant_id AND l.role = c.role AND l.key = c.dimension
      AND l.counterparty = c.counterparty AND l.occurred_at <= c.as_of
     GROUP BY c.participant_id, c.role, c.dimension, c.counterparty, c.r, c.s, c.as_of, c.missing
     ORDER BY c.participant_id, c.role, c.dimension, c.counterparty`,
    [JSON.stringify(stateTrackTable(MODEL))],
  );
  let maxDifference = 0;
  const mismatches: StateCheck['mismatches'] = [];
  const repairs: typeof rows = [];
  for (const row of rows) {
    const full = { r: row.full_r, s: row.full_s };
    const diff = Math.max(Math.abs(full.r - row.r), Math.abs(full.s - row.s));
    maxDifference = Math.max(maxDifference, diff);
    if (diff > tolerance || row.missing)
      mismatches.push({
        participantId: row.participant_id,
        role: row.role,
        dimension: row.dimension,
        counterparty: row.counterparty,
        incremental: { r: row.r, s: row.s },
        recomputed: full,
      });
    if (opts.rebuild && (diff > 0 || row.missing)) repairs.push(row);
  }
  if (repairs.length > 0)
    await em.query(
      `INSERT INTO trust.trust_state (participant_id, role, dimension, counterparty, r, s, as_of, model_version)
       SELECT participant_id, role, dimension, counterparty, full_r, full_s, as_of, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(participant_id uuid, role text, dimension text, counterparty text, full_r float8, full_s float8, as_of timestamptz)
       ON CONFLICT (participant_id, role, dimension, counterparty) DO UPDATE SET r = EXCLUDED.r, s = EXCLUDED.s, model_version = EXCLUDED.model_version`,
      [JSON.stringify(repairs), MODEL.version],
    );
  return { states: rows.length, maxDifference, mismatches, rebuilt: Boolean(opts.rebuild) };
}

export interface ScoreCheck {
  scores: number;
  /** Largest |stored score − score recomputed from the ledger| over participants not queued. */
  maxDifference: number;
  mismatches: Array<{ participantId: string; role: TrustRole; stored: number; recomputed: number }>;
}

export interface ScoreTarget {
  participantId: string;
  role: TrustRole;
  asOf: Date;
  baseRate: number;
}

/**
 * Scores recomputed from the ledger alone: decayed totals per state key aggregated in the
 * database (each target at its own time), the integrity violations that cap, then the model in
 * TypeScript. The full recomputation `trust:verify` and the benchmark run.
 */
export async function recomputeScores(
  em: EntityManager,
  targets: ScoreTarget[],
): Promise<Map<string, Score>> {
  const out = new Map<string, Score>();
  if (targets.length === 0) return out;
  const cap = MODEL.integrityCap;
  const rows = await em.query<
    Array<{
      participant_id: string;
      role: TrustRole;
      totals: Record<string, Record<string, { r: number; s: number }>> | null;
      capping: Array<{ event_id: string; occurred_at: string; v: number; w: number }> | null;
    }>
  >(
    `WITH tracks AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS t(role text, dimension text, key text, counterparty boolean, positive float8, negative float8)
     ),
     due AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS d(participant_id uuid, role text, as_of timestamptz)
     ),
     sums AS (
       SELECT d.participant_id, d.role, t.key,
              CASE WHEN t.counterparty THEN coalesce(e.counterparty_id::text, '') ELSE '' END AS counterparty,
              sum(e.r * power(2::float8, -(extract(epoch FROM d.as_of - e.occurred_at)::float8 / 86400) / t.positive)) AS r,
              sum(e.s * power(2::float8, -(extract(epoch FROM d.as_of - e.occurred_at)::float8 / 86400) / t.negative)) AS s
       FROM due d
       JOIN trust.evidence e ON e.participant_id = d.participant_id AND e.role = d.role AND e.occurred_at <= d.as_of
       JOIN tracks t ON t.role = e.role AND t.dimension = e.dimension
       GROUP BY 1, 2, 3, 4
     ),
     per_key AS (
       SELECT participant_id, role, key, jsonb_object_agg(counterparty, jsonb_build_object('r', r, 's', s)) AS by_counterparty
       FROM sums GROUP BY participant_id, role, key
     ),
     totals AS (
       SELECT participant_id, role, jsonb_object_agg(key, by_counterparty) AS totals
       FROM per_key GROUP BY participant_id, role
     ),
     capping AS (
       SELECT d.participant_id, d.role,
              jsonb_agg(jsonb_build_object('event_id', e.event_id, 'occurred_at', e.occurred_at, 'v', e.v, 'w', e.w)) AS capping
       FROM due d
       JOIN trust.evidence e ON e.participant_id = d.participant_id AND e.role = d.role
        AND e.dimension = 'integrity' AND e.v < 0 AND e.w >= $3 AND e.occurred_at <= d.as_of
        AND e.occurred_at >= d.as_of - make_interval(days => $4)
       GROUP BY d.participant_id, d.role
     )
     SELECT d.participant_id::text, d.role, t.totals, c.capping
     FROM due d
     LEFT JOIN totals t ON t.participant_id = d.participant_id AND t.role = d.role
     LEFT JOIN capping c ON c.participant_id = d.participant_id AND c.role = d.role`,
    [
      JSON.stringify(stateTrackTable(MODEL)),
      JSON.stringify(
        targets.map((t) => ({
          participant_id: t.participantId,
          role: t.role,
          as_of: t.asOf.toISOString(),
        })),
      ),
      cap.minWeight,
      cap.windowDays,
    ],
  );
  const byKey = new Map(targets.map((t) => [`${t.participantId}:${t.role}`, t]));
  for (const row of rows) {
    const key = `${row.participant_id}:${row.role}`;
    const t = byKey.get(key)!;
    const { [RECENT_RELIABILITY]: recentRows, ...dims } = row.totals ?? {};
    const recent = recentRows?.[''] ?? { r: 0, s: 0 };
    const byCounterparty: CounterpartyTotals = new Map(
      Object.entries(dims).map(([d, by]) => [d as Dimension, new Map(Object.entries(by))]),
    );
    const capping: Evidence[] = (row.capping ?? []).map((c) => ({
      eventId: c.event_id,
      eventType: '',
      participantId: t.participantId,
      role: t.role,
      counterpartyId: null,
      agreementId: null,
      dimension: 'integrity',
      v: c.v,
      w: c.w,
      r: 0,
      s: 0,
      occurredAt: new Date(c.occurred_at),
      ruleVersion: '',
      reasonKey: '',
      params: {},
    }));
    out.set(
      key,
      scoreOf(
        cappedTotals(byCounterparty, MODEL),
        capsAt(capping, t.role, t.asOf, MODEL),
        { role: t.role, baseRate: t.baseRate, asOf: t.asOf, config: MODEL },
        guardsOf(recent, t.role, t.baseRate, MODEL),
      ),
    );
  }
  return out;
}

/**
 * Every stored score recomputed from the ledger as of the time it was computed and compared.
 * Participants waiting in the rescore queue are left out (their stored score is knowingly behind).
 * Tolerance for a mismatch: 1e-9.
 */
export async function verifyScores(
  em: EntityManager,
  opts: { tolerance?: number } = {},
): Promise<ScoreCheck> {
  const tolerance = opts.tolerance ?? 1e-9;
  const profiles = await em.query<
    Array<{
      participant_id: string;
      role: TrustRole;
      computed_at: Date;
      base_rate: number;
      score: number;
    }>
  >(
    `SELECT p.participant_id::text, p.role, p.computed_at, p.base_rate, p.score FROM trust.trust_profiles p
     WHERE p.evidence_total > 0
       AND NOT EXISTS (SELECT 1 FROM trust.rescore_queue q WHERE q.participant_id = p.participant_id AND q.role = p.role)
     ORDER BY p.participant_id, p.role`,
  );
  let maxDifference = 0;
  const mismatches: ScoreCheck['mismatches'] = [];
  for (let i = 0; i < profiles.length; i += 500) {
    const chunk = profiles.slice(i, i + 500);
    const scores = await recomputeScores(
      em,
      chunk.map((p) => ({
        participantId: p.participant_id,
        role: p.role,
        asOf: new Date(p.computed_at),
        baseRate: p.base_rate,
      })),
    );
    for (const p of chunk) {
      const recomputed = scores.get(`${p.participant_id}:${p.role}`)!.score;
      const diff = Math.abs(recomputed - p.score);
      maxDifference = Math.max(maxDifference, diff);
      if (diff > tolerance)
        mismatches.push({
          participantId: p.participant_id,
          role: p.role,
          stored: p.score,
          recomputed,
        });
    }
  }
  return { scores: profiles.length, maxDifference, mismatches };
}

export interface DriftReport {
  states: number;
  scores: number;
  maxDifference: number;
  mismatches: number;
}

/** Both checks, read-only, in one repeatable-read snapshot (the scheduled drift check). */
export async function checkDrift(dataSource: DataSource): Promise<DriftReport> {
  return dataSource.transaction('REPEATABLE READ', async (em) => {
    const states = await verifyState(em);
    const scores = await verifyScores(em);
    return {
      states: states.states,
      scores: scores.scores,
      maxDifference: Math.max(states.maxDifference, scores.maxDifference),
      mismatches: states.mismatches.length + scores.mismatches.length,
    };
  });
}
