import type { EntityManager } from 'typeorm';
import type { TrustRole } from '@dx/contracts';
import type { Evidence } from '../domain/evidence';
import type { PendingItem } from '../domain/explanation';
import type { Dimension } from '../domain/model-config';

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

/**
 * Appends evidence rows; a row already there (the same event, participant, role and dimension) is
 * left alone, so a redelivered event adds nothing. Returns the rows actually added.
 */
export async function appendEvidence(em: EntityManager, rows: Evidence[]): Promise<Evidence[]> {
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
  const key = (x: { participant_id: string; role: string; dimension: string; event_id: string }) =>
    `${x.event_id}|${x.participant_id}|${x.role}|${x.dimension}`;
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

/** A narrower read of a participant's evidence (the rows that can cap, say). */
export interface EvidenceFilter {
  dimension?: Dimension;
  /** Only negative outcomes (v < 0). */
  negative?: boolean;
  minWeight?: number;
  from?: Date;
  to?: Date;
  agreementId?: string;
}

/** The evidence rows of a participant in a role (all, or those the filter names), oldest first. */
export async function evidenceOfParticipant(
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

/** Disputes open against a participant in a role: shown as pending, never counted (§8). */
export async function pendingAllegations(
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
