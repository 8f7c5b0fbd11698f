import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import {
  Agreement,
  type Notice,
  type Party,
  type TermVersion,
  type Transition,
} from '../domain/agreement';
import type { Terms } from '../domain/terms';
import { AgreementStore, type StoredTransition } from '../domain/agreement-store';

interface AgreementRow {
  id: string;
  dataset_id: string;
  provider_id: string;
  consumer_id: string;
  state: Agreement['state'];
  version: number;
  current_term_version: number | null;
  notice:
    (Omit<Notice, 'givenAt' | 'effectiveAt'> & { givenAt: string; effectiveAt: string }) | null;
  state_reason: string | null;
  updated_at: Date;
}

interface TermRow {
  version: number;
  kind: TermVersion['kind'];
  proposed_by: Party;
  proposed_at: Date;
  terms: Terms;
  provider_accepted_at: Date | null;
  consumer_accepted_at: Date | null;
}

export type { StoredTransition };

/** A term row as `json_agg` gives it: timestamps as text. */
type JsonTermRow = Omit<
  TermRow,
  'proposed_at' | 'provider_accepted_at' | 'consumer_accepted_at'
> & {
  proposed_at: string;
  provider_accepted_at: string | null;
  consumer_accepted_at: string | null;
};

const fromJsonTerm = (t: JsonTermRow): TermRow => ({
  ...t,
  proposed_at: new Date(t.proposed_at),
  provider_accepted_at: t.provider_accepted_at ? new Date(t.provider_accepted_at) : null,
  consumer_accepted_at: t.consumer_accepted_at ? new Date(t.consumer_accepted_at) : null,
});

export const agreementNotFound = (id: string): AppError =>
  new AppError('not_found', 'AGREEMENT.NOT_FOUND', `agreement ${id} does not exist`);

/** Loads and stores the agreement aggregate with plain SQL, inside the caller's transaction. */
@Injectable()
export class AgreementRepository extends AgreementStore<EntityManager> {
  /** How many of an aggregate's transitions are already stored (it may be saved twice per command). */
  private readonly saved = new WeakMap<Agreement, number>();

  /**
   * Loads with a row lock: commands on one agreement serialise, so versions and acceptances are
   * exact. NO KEY UPDATE (an agreement's id never changes) leaves the key-share locks that inserting
   * an obligation takes through its foreign key free: a plain FOR UPDATE here deadlocked with the
   * missed-delivery pass, which holds an obligation and then opens the next one.
   */
  async load(em: EntityManager, id: string): Promise<Agreement> {
    const a = await this.read(em, id, 'FOR NO KEY UPDATE OF a');
    if (!a) throw agreementNotFound(id);
    return a;
  }

  /** For reading (no lock): the agreement with its whole history, as the API and the register show it. */
  async find(
    em: EntityManager,
    id: string,
  ): Promise<{ agreement: Agreement; transitions: StoredTransition[] } | null> {
    const agreement = await this.read(em, id, '');
    if (!agreement) return null;
    const transitions = await em.query<
      Array<{
        seq: number;
        event_type: Transition['event'];
        from_state: Transition['from'];
        to_state: Transition['to'];
        actor_subject: string;
        actor_role: Transition['actor']['role'];
        reason: string | null;
        term_version: number;
        at: Date;
      }>
    >(`SELECT * FROM consent.agreement_transitions WHERE agreement_id = $1 ORDER BY seq`, [id]);
    return {
      agreement,
      transitions: transitions.map((t) => ({
        seq: t.seq,
        event: t.event_type,
        from: t.from_state,
        to: t.to_state,
        actor: { subject: t.actor_subject, role: t.actor_role },
        ...(t.reason ? { reason: t.reason } : {}),
        termVersion: t.term_version,
        at: t.at,
      })),
    };
  }

  /**
   * The agreement row with its term versions in the same statement: one round trip instead of two
   * (each costs more than the query itself; bench/README.md, 2026-12-05), locked or not.
   */
  private async read(
    em: EntityManager,
    id: string,
    lock: 'FOR NO KEY UPDATE OF a' | '',
  ): Promise<Agreement | null> {
    const [row] = await em.query<Array<AgreementRow & { term_rows: JsonTermRow[] }>>(
      `SELECT a.*, (SELECT coalesce(json_agg(t ORDER BY t.version), '[]') FROM consent.agreement_terms t
                    WHERE t.agreement_id = a.id) AS term_rows
       FROM consent.agreements a WHERE a.id = $1 ${lock}`,
      [id],
    );
    return row ? this.hydrate(row, row.term_rows.map(fromJsonTerm)) : null;
  }

  /**
   * Rows back into the aggregate through its constructor, so the domain's invariants see the same
   * shape whether an agreement was just created or read back years later.
   */
  private hydrate(row: AgreementRow, terms: TermRow[]): Agreement {
    return new Agreement(
      row.id,
      row.dataset_id,
      row.provider_id,
      row.consumer_id,
      row.state,
      row.version,
      terms.map((t) => ({
        version: t.version,
        kind: t.kind,
        proposedBy: t.proposed_by,
        proposedAt: t.proposed_at,
        terms: t.terms,
        acceptedBy: {
          ...(t.provider_accepted_at ? { provider: t.provider_accepted_at } : {}),
          ...(t.consumer_accepted_at ? { consumer: t.consumer_accepted_at } : {}),
        },
      })),
      row.current_term_version,
      row.notice
        ? {
            ...row.notice,
            givenAt: new Date(row.notice.givenAt),
            effectiveAt: new Date(row.notice.effectiveAt),
          }
        : null,
      row.state_reason,
      row.updated_at,
    );
  }

  /**
   * Agreements with a time-driven transition due (start, end, notice run out), oldest first in
   * bounded batches; SKIP LOCKED lets scheduler replicas share the work and passes over an
   * agreement a command holds right now (the next pass takes it).
   */
  async claimDue(em: EntityManager, now: Date, limit: number): Promise<string[]> {
    const due = await em.query<Array<{ id: string }>>(
      `SELECT id FROM consent.agreements WHERE next_due_at <= $1
       ORDER BY next_due_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return due.map((d) => d.id);
  }

  async partiesOf(
    em: EntityManager,
    id: string,
  ): Promise<{ id: string; providerId: string; consumerId: string } | null> {
    const [a] = await em.query<Array<{ provider_id: string; consumer_id: string }>>(
      `SELECT provider_id, consumer_id FROM consent.agreements WHERE id = $1`,
      [id],
    );
    return a ? { id, providerId: a.provider_id, consumerId: a.consumer_id } : null;
  }

  /**
   * Writes the aggregate, its term versions and its new transitions in one statement (data-modifying
   * CTEs): one round trip instead of three. `created` inserts the agreement instead of updating it;
   * the foreign keys of the terms and transitions are checked at the end of the statement, after
   * the agreement row is in. The transitions' sequence numbers continue from the stored ones (the
   * agreement's row lock, taken by `load` or by creating it, keeps them to one writer).
   */
  async save(em: EntityManager, a: Agreement, created: boolean): Promise<void> {
    const fresh = a.pending.slice(this.saved.get(a) ?? 0);
    const agreement = created
      ? `INSERT INTO consent.agreements (id, dataset_id, provider_id, consumer_id, state, version, current_term_version, notice, state_reason, updated_at, next_due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10)`
      : `UPDATE consent.agreements SET state = $5, version = $6, current_term_version = $7, notice = $8, state_reason = $9, updated_at = $10, next_due_at = $11
         WHERE id = $1 AND dataset_id = $2 AND provider_id = $3 AND consumer_id = $4`;
    await em.query(
      `WITH agreement AS (${agreement}),
       -- Few term versions per agreement: all are written (acceptances change on existing rows).
       terms AS (
         INSERT INTO consent.agreement_terms (agreement_id, version, kind, proposed_by, proposed_at, terms, provider_accepted_at, consumer_accepted_at)
         SELECT $1, t.version, t.kind, t.proposed_by, t.proposed_at, t.terms, t.provider_accepted_at, t.consumer_accepted_at
         FROM jsonb_to_recordset($12::jsonb) AS t(version int, kind text, proposed_by text, proposed_at timestamptz, terms jsonb, provider_accepted_at timestamptz, consumer_accepted_at timestamptz)
         ON CONFLICT (agreement_id, version) DO UPDATE SET
           provider_accepted_at = EXCLUDED.provider_accepted_at, consumer_accepted_at = EXCLUDED.consumer_accepted_at)
       INSERT INTO consent.agreement_transitions (agreement_id, seq, event_type, from_state, to_state, actor_subject, actor_role, reason, term_version, at)
       SELECT $1, coalesce((SELECT max(seq) FROM consent.agreement_transitions WHERE agreement_id = $1), 0) + t.ord,
              t.event_type, t.from_state, t.to_state, t.actor_subject, t.actor_role, t.reason, t.term_version, t.at
       FROM jsonb_to_recordset($13::jsonb) AS t(ord int, event_type text, from_state text, to_state text, actor_subject text, actor_role text, reason text, term_version int, at timestamptz)`,
      [
        a.id,
        a.datasetId,
        a.providerId,
        a.consumerId,
        a.state,
        a.version,
        a.currentTermVersion,
        a.notice ? JSON.stringify(a.notice) : null,
        a.stateReason,
        a.updatedAt,
        a.nextDueAt(),
        JSON.stringify(
          a.termVersions.map((t) => ({
            version: t.version,
            kind: t.kind,
            proposed_by: t.proposedBy,
            proposed_at: t.proposedAt,
            terms: t.terms,
            provider_accepted_at: t.acceptedBy.provider ?? null,
            consumer_accepted_at: t.acceptedBy.consumer ?? null,
          })),
        ),
        JSON.stringify(
          fresh.map((t, i) => ({
            ord: i + 1,
            event_type: t.event,
            from_state: t.from,
            to_state: t.to,
            actor_subject: t.actor.subject,
            actor_role: t.actor.role,
            reason: t.reason ?? null,
            term_version: t.termVersion,
            at: t.at,
          })),
        ),
      ],
    );
    this.saved.set(a, a.pending.length);
  }
}
