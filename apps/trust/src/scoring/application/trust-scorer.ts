import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  createEnvelope,
  TrustAlertRaisedV1,
  TrustScoreUpdatedV1,
  type TrustRole,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { alertsFor, type PastScore } from '../domain/alerts';
import { addEvidence, advance, DAY_MS, EMPTY } from '../domain/decay';
import type { Evidence } from '../domain/evidence';
import { explain, type Explanation, type PendingItem } from '../domain/explanation';
import { PLATFORM_MODEL, type Dimension, type ModelConfig } from '../domain/model-config';
import type { Totals } from '../domain/score';
import { evidenceOfParticipant } from './evidence-store';

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
export class TrustScorer {
  constructor(private readonly outbox: OutboxWriter) {}

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

  /** Adds newly recorded evidence to the incremental state. */
  async addToState(em: EntityManager, evidence: Evidence[]): Promise<void> {
    for (const e of evidence) {
      const h = MODEL.halfLifeDays[e.dimension];
      const [row] = await em.query<Array<{ r: number; s: number; as_of: Date }>>(
        `SELECT r, s, as_of FROM trust.trust_state WHERE participant_id = $1 AND role = $2 AND dimension = $3 FOR UPDATE`,
        [e.participantId, e.role, e.dimension],
      );
      const state = addEvidence(
        row ? { r: row.r, s: row.s, asOf: new Date(row.as_of) } : EMPTY(e.occurredAt),
        e,
        h,
      );
      await em.query(
        `INSERT INTO trust.trust_state (participant_id, role, dimension, r, s, as_of, model_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (participant_id, role, dimension) DO UPDATE SET r = EXCLUDED.r, s = EXCLUDED.s, as_of = EXCLUDED.as_of, model_version = EXCLUDED.model_version`,
        [e.participantId, e.role, e.dimension, state.r, state.s, state.asOf, MODEL.version],
      );
    }
  }

  /** The incremental state of a participant and role, decayed to `at`. */
  async totalsAt(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    at: Date,
  ): Promise<Totals> {
    const rows = await em.query<Array<{ dimension: Dimension; r: number; s: number; as_of: Date }>>(
      `SELECT dimension, r, s, as_of FROM trust.trust_state WHERE participant_id = $1 AND role = $2`,
      [participantId, role],
    );
    const totals: Totals = new Map();
    for (const row of rows) {
      const asOf = new Date(row.as_of);
      const moved =
        asOf < at
          ? advance({ r: row.r, s: row.s, asOf }, at, MODEL.halfLifeDays[row.dimension])
          : { r: row.r, s: row.s };
      totals.set(row.dimension, { r: moved.r, s: moved.s });
    }
    return totals;
  }

  /** Recomputes a participant's score in one role as of `at`; returns the explanation. */
  async rescore(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    at: Date,
    causeEventId: string | null,
  ): Promise<Explanation> {
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
    const pending = await em.query<PendingItem[]>(
      `SELECT d.dispute_id AS "eventId", 'consent.governance.dispute-opened' AS type, d.opened_at AS "openedAt",
              'alleged ' || d.category || ': ' || d.description || ' – not counted until resolved' AS note
       FROM trust.pending_disputes d JOIN trust.agreement_parties a ON a.agreement_id = d.agreement_id
       WHERE d.resolved_at IS NULL AND d.against = $1::text
         AND (($2 = 'provider' AND a.provider_id::text = $1) OR ($2 = 'consumer' AND a.consumer_id::text = $1))
       ORDER BY d.opened_at`,
      [participantId, role],
    );
    const x = explain(await evidenceOfParticipant(em, participantId, role), {
      participantId,
      role,
      baseRate,
      asOf,
      config: MODEL,
      pending: pending.map((p) => ({ ...p, openedAt: new Date(p.openedAt).toISOString() })),
      totals: await this.totalsAt(em, participantId, role, asOf),
    });
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
        createEnvelope({
          type: TrustAlertRaisedV1.type,
          version: TrustAlertRaisedV1.version,
          source: 'trust',
          subject: participantId,
          time: asOf,
          ...(causeEventId ? { causationId: causeEventId } : {}),
          data: {
            ...a,
            participantId,
            role,
            modelVersion: MODEL.version,
            raisedAt: asOf.toISOString(),
          },
        }),
      ),
    );
    await em.query(
      `INSERT INTO trust.model_configs (version, params) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING`,
      [MODEL.version, JSON.stringify(MODEL)],
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
        createEnvelope({
          type: TrustScoreUpdatedV1.type,
          version: TrustScoreUpdatedV1.version,
          source: 'trust',
          subject: `${participantId}:${role}`,
          time: asOf,
          ...(causeEventId ? { causationId: causeEventId } : {}),
          data: {
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
        }),
      );
    return x;
  }
}
