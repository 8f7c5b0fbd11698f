import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TrustAlertRaisedV1, TrustScoreUpdatedV1, type TrustRole } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  tierReasons,
  alertsFor,
  addEvidence,
  advance,
  DAY_MS,
  type DecayedEvidence,
  type Evidence,
  type ScoreSummary,
  PLATFORM_MODEL,
  type HalfLife,
  type ModelConfig,
  cappedTotals,
  capsAt,
  guardsOf,
  halfLifeOf,
  RECENT_RELIABILITY,
  scoreOf,
  stateTracks,
  type CounterpartyTotals,
  type ShareCapped,
} from '@dx/trust-model';
import { EvidenceLedger } from '../domain/evidence-ledger';
import { ScoreStore, type StateRow } from '../domain/score-store';

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
    private readonly scores: ScoreStore<EntityManager>,
    private readonly ledger: EvidenceLedger<EntityManager>,
  ) {}

  /**
   * Records the model version snapshots refer to, once at boot and in its own statement. Inserting
   * it inside every rescoring transaction made two first rescorings deadlock: one waited on the
   * other's uncommitted model_configs key while holding a profile lock the other wanted.
   */
  onModuleInit(): Promise<void> {
    return this.scores.registerModel(MODEL);
  }

  /**
   * Adds newly recorded evidence to the incremental state, set-based: every state row the evidence
   * touches is created if missing and locked in one go (in key order, so concurrent consumers
   * cannot deadlock), folded in memory, and written back at once.
   */
  async addToState(em: EntityManager, evidence: Evidence[]): Promise<void> {
    if (evidence.length === 0) return;
    const rows = new Map<string, { key: StateRow; halfLife: HalfLife; pieces: Evidence[] }>();
    for (const e of evidence)
      for (const t of stateTracks(e, MODEL)) {
        const k = `${e.participantId}|${e.role}|${t.key}|${t.counterparty}`;
        const row = rows.get(k) ?? {
          key: {
            participantId: e.participantId,
            role: e.role,
            dimension: t.key,
            counterparty: t.counterparty,
            r: 0,
            s: 0,
            // A new row is dated at its earliest evidence.
            asOf: e.occurredAt,
          },
          halfLife: t.halfLife,
          pieces: [],
        };
        row.pieces.push(e);
        if (e.occurredAt < row.key.asOf) row.key.asOf = e.occurredAt;
        rows.set(k, row);
      }
    const current = await this.scores.lockState(
      em,
      [...rows.values()].map((r) => r.key),
      MODEL.version,
    );
    const updated = current.map((c): StateRow => {
      const row = rows.get(`${c.participantId}|${c.role}|${c.dimension}|${c.counterparty}`)!;
      const start: DecayedEvidence = { r: c.r, s: c.s, asOf: c.asOf };
      const state = row.pieces.reduce((st, e) => addEvidence(st, e, row.halfLife), start);
      return { ...c, r: state.r, s: state.s, asOf: state.asOf };
    });
    await this.scores.writeState(em, updated, MODEL.version);
  }

  /**
   * The incremental state decayed to `at`: each dimension's evidence per counterparty, and the
   * guard's short-memory reliability.
   */
  private stateAt(
    rows: StateRow[],
    at: Date,
  ): { byCounterparty: CounterpartyTotals; recent: { r: number; s: number } } {
    const byCounterparty: CounterpartyTotals = new Map();
    let recent = { r: 0, s: 0 };
    for (const row of rows) {
      const moved =
        row.asOf < at
          ? advance({ r: row.r, s: row.s, asOf: row.asOf }, at, halfLifeOf(row.dimension, MODEL))
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
    const profile = await this.scores.lockProfile(em, participantId, role);
    const state = await this.scores.stateOf(em, participantId, role);
    // Evidence dated after the clock (skew) moves the scoring time with it: decay never runs backwards.
    const asOf = new Date(Math.max(at.getTime(), ...state.map((r) => r.asOf.getTime())));
    const baseRate = profile?.baseRate ?? 0.4;
    const pending = await this.ledger.pendingAllegations(em, participantId, role);
    const cap = MODEL.integrityCap;
    const capping = await this.ledger.ofParticipant(em, participantId, role, {
      dimension: 'integrity',
      negative: true,
      minWeight: cap.minWeight,
      from: new Date(asOf.getTime() - cap.windowDays * DAY_MS),
      to: asOf,
    });
    const { byCounterparty, recent } = this.stateAt(state, asOf);
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
      await this.scores.pastScores(
        em,
        participantId,
        role,
        new Date(asOf.getTime() - MODEL.alerts.oscillationWindowDays * DAY_MS),
        asOf,
      ),
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
    await this.scores.saveScore(em, role, x, {
      asOf,
      baseRate,
      modelVersion: MODEL.version,
      causeEventId,
    });
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
            // Why this tier, for readers that cannot ask the trust API (insights, dashboards).
            tierReasons: tierReasons(x, MODEL),
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
