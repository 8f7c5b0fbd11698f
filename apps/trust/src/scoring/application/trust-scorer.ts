import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TrustAlertRaisedV1, TrustScoreUpdatedV1, type TrustRole } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { alertsFor, type PastScore } from '../domain/alerts';
import { addEvidence, advance, DAY_MS, type DecayedEvidence } from '../domain/decay';
import type { Evidence } from '../domain/evidence';
import type { ScoreSummary } from '../domain/explanation';
import { PLATFORM_MODEL, type HalfLife, type ModelConfig } from '../domain/model-config';
import {
  cappedTotals,
  capsAt,
  guardsOf,
  halfLifeOf,
  RECENT_RELIABILITY,
  scoreOf,
  stateTracks,
  type CounterpartyTotals,
  type ShareCapped,
  type StateKey,
} from '../domain/score';
import { evidenceOfParticipant, pendingAllegations } from './evidence-store';

/** The model the service scores with: code, versioned, stored with every snapshot. */
export const MODEL: ModelConfig = PLATFORM_MODEL;

/** A score change smaller than this is not news (no `trust.score.updated`). */
const CHANGE_EPSILON = 1e-9;

/**
 * Keeps the incremental state (decayed r and s per participant, role and dimension, moved lazily
 * by λ^(t − as_of)) and rescoring: snapshot with its explanation, the current profile, and
 * `trust.score.updated` when the score or tier moved — all in the caller's transaction.
 */
@Injectable()
export class TrustScorer implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Records the model version snapshots refer to, once at boot and in its own statement. Inserting
   * it inside every rescoring transaction made two first rescorings deadlock: one waited on the
   * other's uncommitted model_configs key while holding a profile lock the other wanted.
   */
  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO trust.model_configs (version, params) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING`,
      [MODEL.version, JSON.stringify(MODEL)],
    );
  }

  /** Snapshots of the alert windows (90 days) before `asOf`, oldest first. */
  private async pastScores(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    asOf: Date,
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
      [
        participantId,
        role,
        new Date(asOf.getTime() - MODEL.alerts.oscillationWindowDays * DAY_MS),
        asOf,
      ],
    );
    return rows.map((r) => ({
      at: new Date(r.computed_at),
      score: r.score,
      capEventIds: r.caps ?? [],
      dimensions: r.dims ?? {},
    }));
  }

  /**
   * Adds newly recorded evidence to the incremental state, set-based: every state row the evidence
   * touches is created if missing, locked and read in one statement each (in key order, so
   * concurrent consumers cannot deadlock), folded in memory, and written back in one statement.
   */
  async addToState(em: EntityManager, evidence: Evidence[]): Promise<void> {
    if (evidence.length === 0) return;
    const rows = new Map<
      string,
      {
        participant_id: string;
        role: TrustRole;
        dimension: StateKey;
        counterparty: string;
        halfLife: HalfLife;
        pieces: Evidence[];
        from: Date;
      }
    >();
    for (const e of evidence)
      for (const t of stateTracks(e, MODEL)) {
        const k = `${e.participantId}|${e.role}|${t.key}|${t.counterparty}`;
        const row = rows.get(k) ?? {
          participant_id: e.participantId,
          role: e.role,
          dimension: t.key,
          counterparty: t.counterparty,
          halfLife: t.halfLife,
          pieces: [],
          from: e.occurredAt,
        };
        row.pieces.push(e);
        if (e.occurredAt < row.from) row.from = e.occurredAt;
        rows.set(k, row);
      }
    const keys = JSON.stringify(
      [...rows.values()].map((r) => ({
        participant_id: r.participant_id,
        role: r.role,
        dimension: r.dimension,
        counterparty: r.counterparty,
        as_of: r.from.toISOString(),
      })),
    );
    // An empty row dated at its earliest evidence, so the lock below covers new rows too.
    await em.query(
      `INSERT INTO trust.trust_state (participant_id, role, dimension, counterparty, r, s, as_of, model_version)
       SELECT participant_id, role, dimension, counterparty, 0, 0, as_of, $2
       FROM jsonb_to_recordset($1::jsonb) AS k(participant_id uuid, role text, dimension text, counterparty text, as_of timestamptz)
       ORDER BY participant_id, role, dimension, counterparty
       ON CONFLICT DO NOTHING`,
      [keys, MODEL.version],
    );
    const current = await em.query<
      Array<{
        participant_id: string;
        role: string;
        dimension: string;
        counterparty: string;
        r: number;
        s: number;
        as_of: Date;
      }>
    >(
      `SELECT t.participant_id::text, t.role, t.dimension, t.counterparty, t.r, t.s, t.as_of
       FROM trust.trust_state t
       JOIN jsonb_to_recordset($1::jsonb) AS k(participant_id uuid, role text, dimension text, counterparty text)
         ON k.participant_id = t.participant_id AND k.role = t.role AND k.dimension = t.dimension
        AND k.counterparty = t.counterparty
       ORDER BY t.participant_id, t.role, t.dimension, t.counterparty
       FOR UPDATE OF t`,
      [keys],
    );
    const updated = current.map((c) => {
      const row = rows.get(`${c.participant_id}|${c.role}|${c.dimension}|${c.counterparty}`)!;
      const start: DecayedEvidence = { r: c.r, s: c.s, asOf: new Date(c.as_of) };
      const state = row.pieces.reduce((st, e) => addEvidence(st, e, row.halfLife), start);
      return { ...c, r: state.r, s: state.s, as_of: state.asOf.toISOString() };
    });
    await em.query(
      `UPDATE trust.trust_state t SET r = u.r, s = u.s, as_of = u.as_of, model_version = $2
       FROM jsonb_to_recordset($1::jsonb) AS u(participant_id uuid, role text, dimension text, counterparty text, r float8, s float8, as_of timestamptz)
       WHERE t.participant_id = u.participant_id AND t.role = u.role AND t.dimension = u.dimension
         AND t.counterparty = u.counterparty`,
      [JSON.stringify(updated), MODEL.version],
    );
  }

  /**
   * The incremental state of a participant and role decayed to `at`: each dimension's evidence per
   * counterparty, and the guard's short-memory reliability.
   */
  async stateAt(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    at: Date,
  ): Promise<{ byCounterparty: CounterpartyTotals; recent: { r: number; s: number } }> {
    const rows = await em.query<
      Array<{ dimension: StateKey; counterparty: string; r: number; s: number; as_of: Date }>
    >(
      `SELECT dimension, counterparty, r, s, as_of FROM trust.trust_state WHERE participant_id = $1 AND role = $2`,
      [participantId, role],
    );
    const byCounterparty: CounterpartyTotals = new Map();
    let recent = { r: 0, s: 0 };
    for (const row of rows) {
      const asOf = new Date(row.as_of);
      const moved =
        asOf < at
          ? advance({ r: row.r, s: row.s, asOf }, at, halfLifeOf(row.dimension, MODEL))
          : { r: row.r, s: row.s };
      if (row.dimension === RECENT_RELIABILITY) recent = { r: moved.r, s: moved.s };
      else {
        const dim =
          byCounterparty.get(row.dimension) ?? new Map<string, { r: number; s: number }>();
        dim.set(row.counterparty, { r: moved.r, s: moved.s });
        byCounterparty.set(row.dimension, dim);
      }
    }
    return { byCounterparty, recent };
  }

  /**
   * Recomputes a participant's score in one role as of `at` from the incremental state — the
   * dimensions' totals, the short-memory reliability of the tier guard, and the few integrity
   * violations recent enough to cap — without reading the ledger; the explanation's event-level
   * part (top events, counterfactuals, trends) is built when it is read.
   */
  async rescore(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    at: Date,
    causeEventId: string | null,
  ): Promise<ScoreSummary> {
    const [latest] = await em.query<Array<{ as_of: Date }>>(
      `SELECT max(as_of) AS as_of FROM trust.trust_state WHERE participant_id = $1 AND role = $2`,
      [participantId, role],
    );
    // Evidence dated after the clock (skew) moves the scoring time with it: decay never runs backwards.
    const asOf = latest?.as_of && new Date(latest.as_of) > at ? new Date(latest.as_of) : at;
    const [profile] = await em.query<Array<{ base_rate: number; score: number; tier: string }>>(
      `SELECT base_rate, score, tier FROM trust.trust_profiles WHERE participant_id = $1 AND role = $2 FOR UPDATE`,
      [participantId, role],
    );
    const baseRate = profile?.base_rate ?? 0.4;
    const pending = await pendingAllegations(em, participantId, role);
    const cap = MODEL.integrityCap;
    const capping = await evidenceOfParticipant(em, participantId, role, {
      dimension: 'integrity',
      negative: true,
      minWeight: cap.minWeight,
      from: new Date(asOf.getTime() - cap.windowDays * DAY_MS),
      to: asOf,
    });
    const { byCounterparty, recent } = await this.stateAt(em, participantId, role, asOf);
    const params = { role, baseRate, asOf, config: MODEL };
    const sharesCapped: ShareCapped[] = [];
    const score = scoreOf(
      cappedTotals(byCounterparty, MODEL, sharesCapped),
      capsAt(capping, role, asOf, MODEL),
      params,
      guardsOf(recent, role, baseRate, MODEL),
    );
    const { asOf: _omit, ...rest } = score;
    const x: ScoreSummary = {
      ...rest,
      participantId,
      scope: 'global',
      computedAt: asOf.toISOString(),
      pending,
      sharesCapped,
    };
    const alerts = alertsFor(
      await this.pastScores(em, participantId, role, asOf),
      {
        at: asOf,
        score: x.score,
        capEventIds: x.capsApplied.map((c) => c.eventId),
        dimensions: Object.fromEntries(x.dimensions.map((d) => [d.name, d.P])),
      },
      MODEL,
    );
    await this.outbox.appendAll(
      em,
      alerts.map((a) =>
        TrustAlertRaisedV1.envelope(
          {
            ...a,
            participantId,
            role,
            modelVersion: MODEL.version,
            raisedAt: asOf.toISOString(),
          },
          {
            source: 'trust',
            subject: participantId,
            time: asOf,
            ...(causeEventId ? { causationId: causeEventId } : {}),
          },
        ),
      ),
    );
    await em.query(
      `INSERT INTO trust.snapshots (participant_id, role, computed_at, score, lower_bound, uncertainty, tier, explanation, model_version, cause_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (participant_id, role, computed_at) DO UPDATE SET score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, tier = EXCLUDED.tier, explanation = EXCLUDED.explanation, cause_event_id = EXCLUDED.cause_event_id`,
      [
        participantId,
        role,
        asOf,
        x.score,
        x.lowerBound,
        x.uncertainty,
        x.tier,
        JSON.stringify(x),
        MODEL.version,
        causeEventId,
      ],
    );
    await em.query(
      `INSERT INTO trust.trust_profiles (participant_id, role, score, lower_bound, uncertainty, tier, base_rate, evidence_total, model_version, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (participant_id, role) DO UPDATE SET score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, tier = EXCLUDED.tier, evidence_total = EXCLUDED.evidence_total,
         model_version = EXCLUDED.model_version, computed_at = EXCLUDED.computed_at`,
      [
        participantId,
        role,
        x.score,
        x.lowerBound,
        x.uncertainty,
        x.tier,
        baseRate,
        x.evidenceTotal,
        MODEL.version,
        asOf,
      ],
    );
    const changed =
      !profile || Math.abs(profile.score - x.score) > CHANGE_EPSILON || profile.tier !== x.tier;
    if (changed)
      await this.outbox.append(
        em,
        TrustScoreUpdatedV1.envelope(
          {
            participantId,
            role,
            scope: 'global',
            score: x.score,
            lowerBound: x.lowerBound,
            uncertainty: x.uncertainty,
            tier: x.tier,
            baseRate,
            evidenceTotal: x.evidenceTotal,
            modelVersion: MODEL.version,
            computedAt: asOf.toISOString(),
          },
          {
            source: 'trust',
            subject: `${participantId}:${role}`,
            time: asOf,
            ...(causeEventId ? { causationId: causeEventId } : {}),
          },
        ),
      );
    return x;
  }
}
