import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import { type Evidence, type PendingItem, type Dimension } from '@dx/trust-model';
import {
  EvidenceLedger,
  type EvidenceFilter,
  type FulfilledDelivery,
} from '../domain/evidence-ledger';

interface EvidenceRow {
  event_id: string;
  event_type: string;
  participant_id: string;
  role: TrustRole;
  counterparty_id: string | null;
  agreement_id: string | null;
  dimension: Dimension;
  v: number;
  w: number;
  r: number;
  s: number;
  compliant_value: number | null;
  occurred_at: Date;
  rule_version: string;
  reason_key: string;
  params: Evidence['params'];
}

const toEvidence = (r: EvidenceRow): Evidence => ({
  eventId: r.event_id,
  eventType: r.event_type,
  participantId: r.participant_id,
  role: r.role,
  counterpartyId: r.counterparty_id,
  agreementId: r.agreement_id,
  dimension: r.dimension,
  v: r.v,
  w: r.w,
  r: r.r,
  s: r.s,
  ...(r.compliant_value !== null ? { compliantValue: r.compliant_value } : {}),
  occurredAt: new Date(r.occurred_at),
  ruleVersion: r.rule_version,
  reasonKey: r.reason_key,
  params: r.params,
});

/** `trust.evidence` with plain SQL; appends are one set-based statement per batch. */
@Injectable()
export class PgEvidenceLedger extends EvidenceLedger<EntityManager> {
  /**
   * One statement per batch whatever its size: the rows travel as one JSON parameter (sixteen
   * columns per row would reach PostgreSQL's 65,535 bind parameters at about 4,000 rows). The
   * ledger's key (event, participant, role, dimension) makes a redelivered event a no-op, and
   * RETURNING tells which rows are new, so only those are folded into the running state.
   */
  async append(em: EntityManager, rows: Evidence[]): Promise<Evidence[]> {
    if (rows.length === 0) return [];
    const added = await em.query<
      Array<{ event_id: string; participant_id: string; role: string; dimension: string }>
    >(
      `INSERT INTO trust.evidence (event_id, participant_id, role, dimension, event_type, counterparty_id, agreement_id,
                                   v, w, r, s, compliant_value, occurred_at, rule_version, reason_key, params)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, participant_id uuid, role text, dimension text,
              event_type text, counterparty_id uuid, agreement_id uuid, v float8, w float8, r float8, s float8,
              compliant_value float8, occurred_at timestamptz, rule_version text, reason_key text, params jsonb)
       ON CONFLICT DO NOTHING
       RETURNING event_id, participant_id, role, dimension`,
      [
        JSON.stringify(
          rows.map((e) => ({
            event_id: e.eventId,
            participant_id: e.participantId,
            role: e.role,
            dimension: e.dimension,
            event_type: e.eventType,
            counterparty_id: e.counterpartyId,
            agreement_id: e.agreementId,
            v: e.v,
            w: e.w,
            r: e.r,
            s: e.s,
            compliant_value: e.compliantValue ?? null,
            occurred_at: e.occurredAt.toISOString(),
            rule_version: e.ruleVersion,
            reason_key: e.reasonKey,
            params: e.params,
          })),
        ),
      ],
    );
    const key = (x: {
      participant_id: string;
      role: string;
      dimension: string;
      event_id: string;
    }) => `${x.event_id}|${x.participant_id}|${x.role}|${x.dimension}`;
    const fresh = new Set(added.map(key));
    return rows.filter((e) =>
      fresh.has(
        key({
          event_id: e.eventId,
          participant_id: e.participantId,
          role: e.role,
          dimension: e.dimension,
        }),
      ),
    );
  }

  /**
   * Each filter is `NULL` (or false) when not asked for, so one statement with one plan serves
   * every combination; the order is the order the state was folded in (time, then the key).
   */
  async ofParticipant(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
    filter: EvidenceFilter = {},
  ): Promise<Evidence[]> {
    const rows = await em.query<EvidenceRow[]>(
      `SELECT * FROM trust.evidence
       WHERE participant_id = $1 AND role = $2
         AND ($3::text IS NULL OR dimension = $3)
         AND (NOT $4::boolean OR v < 0)
         AND ($5::float8 IS NULL OR w >= $5)
         AND ($6::timestamptz IS NULL OR occurred_at >= $6)
         AND ($7::timestamptz IS NULL OR occurred_at <= $7)
         AND ($8::uuid IS NULL OR agreement_id = $8)
       ORDER BY occurred_at, event_id, dimension`,
      [
        participantId,
        role,
        filter.dimension ?? null,
        filter.negative ?? false,
        filter.minWeight ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.agreementId ?? null,
      ],
    );
    return rows.map(toEvidence);
  }

  /**
   * Disputes opened and not resolved, shown beside a score and never counted (docs/trust-model.md
   * §8: only confirmed violations are evidence); the role comes from the agreement's parties.
   */
  async pendingAllegations(
    em: EntityManager,
    participantId: string,
    role: TrustRole,
  ): Promise<PendingItem[]> {
    const rows = await em.query<PendingItem[]>(
      `SELECT d.dispute_id::text AS "eventId", 'consent.governance.dispute-opened' AS type, d.opened_at AS "openedAt",
              'alleged ' || d.category || ': ' || d.description || ' – not counted until resolved' AS note
       FROM trust.pending_disputes d JOIN trust.agreement_parties a ON a.agreement_id = d.agreement_id
       WHERE d.resolved_at IS NULL AND d.against = $1::text
         AND (($2 = 'provider' AND a.provider_id::text = $1) OR ($2 = 'consumer' AND a.consumer_id::text = $1))
       ORDER BY d.opened_at`,
      [participantId, role],
    );
    return rows.map((p) => ({ ...p, openedAt: new Date(p.openedAt).toISOString() }));
  }

  /**
   * The fulfilment a rating refers to: a consumer may rate only a delivery that fulfilled one of
   * its agreements. A delivery fulfils one obligation per agreement, so any one row names the parties.
   */
  async fulfilledDelivery(
    em: EntityManager,
    deliveryId: string,
  ): Promise<FulfilledDelivery | null> {
    const [d] = await em.query<
      Array<{ provider_id: string; consumer_id: string; agreement_id: string; occurred_at: Date }>
    >(
      `SELECT participant_id AS provider_id, counterparty_id AS consumer_id, agreement_id, occurred_at FROM trust.evidence
       WHERE event_type = 'consent.obligation.delivery-fulfilled' AND params->>'deliveryId' = $1 LIMIT 1`,
      [deliveryId],
    );
    return d
      ? {
          providerId: d.provider_id,
          consumerId: d.consumer_id,
          agreementId: d.agreement_id,
          occurredAt: new Date(d.occurred_at),
        }
      : null;
  }

  /**
   * Who earns a clean month (§3.4): a party to an agreement activated before the month's end and
   * not ended before its start, with no negative integrity evidence dated inside the month. Set-
   * based over every agreement, so the monthly pass is one statement however many parties there are.
   */
  async cleanInMonth(
    em: EntityManager,
    start: Date,
    end: Date,
  ): Promise<Array<{ participantId: string; role: TrustRole }>> {
    const rows = await em.query<Array<{ participant_id: string; role: TrustRole }>>(
      `WITH in_force AS (
         SELECT a.agreement_id, a.provider_id, a.consumer_id FROM trust.agreement_parties a
         WHERE a.activated_at IS NOT NULL AND a.activated_at < $2
           AND NOT EXISTS (SELECT 1 FROM trust.agreement_transitions t WHERE t.agreement_id = a.agreement_id
                           AND t.type IN ('consent.agreement.terminated', 'consent.agreement.expired')
                           AND t.occurred_at < $1)),
       parties AS (
         SELECT provider_id AS participant_id, 'provider' AS role FROM in_force
         UNION SELECT consumer_id, 'consumer' FROM in_force)
       SELECT p.participant_id, p.role FROM parties p
       WHERE NOT EXISTS (SELECT 1 FROM trust.evidence e WHERE e.participant_id = p.participant_id AND e.role = p.role
                         AND e.dimension = 'integrity' AND e.v < 0 AND e.occurred_at >= $1 AND e.occurred_at < $2)
       ORDER BY 1, 2`,
      [start, end],
    );
    return rows.map((r) => ({ participantId: r.participant_id, role: r.role }));
  }
}
