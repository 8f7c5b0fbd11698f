import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decodeCursor,
  encodeCursor,
  type ListQuery,
  type Page,
  type Principal,
} from '@dx/service-kit';
import { AgreementStateV1 } from '@dx/contracts';

/** The list's filters; the API's query DTO implements and validates them. */
export interface AgreementFilter extends ListQuery {
  role?: 'provider' | 'consumer';
  state?: string[];
  datasetId?: string;
  /** Operators and auditors: whose agreements. */
  participant?: string;
}

export interface AgreementSummary {
  id: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  state: AgreementStateV1;
  version: number;
  currentTermVersion: number | null;
  latestTermVersion: number;
  purpose: string;
  updatedAt: string;
}

// A cursor is the last row's (updated_at, id): both are checked before they reach SQL, so a forged
// cursor is a 400 rather than a cast error from PostgreSQL.
const isPosition = (v: unknown[]): v is [string, string] =>
  typeof v[0] === 'string' &&
  !Number.isNaN(Date.parse(v[0])) &&
  typeof v[1] === 'string' &&
  /^[0-9a-f-]{36}$/i.test(v[1]);

/**
 * A participant's own agreements (as provider, consumer or both), newest change first. Operators and
 * auditors see every agreement.
 */
@Injectable()
export class ListAgreementsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: AgreementFilter, principal: Principal): Promise<Page<AgreementSummary>> {
    // Filters are optional and combine, so the statement is assembled; every value still travels
    // as a bind parameter, never as SQL text.
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where: string[] = [];
    const everything = principal.roles.includes('operator') || principal.roles.includes('auditor');
    // A participant's list is always narrowed to itself (the `participant` filter is ignored for
    // it); an operator or auditor narrows to a participant only when it asks to.
    if (!everything || q.participant) {
      const who = everything ? q.participant! : principal.subject;
      if (q.role === 'provider') where.push(`a.provider_id::text = ${p(who)}`);
      else if (q.role === 'consumer') where.push(`a.consumer_id::text = ${p(who)}`);
      else where.push(`(a.provider_id::text = ${p(who)} OR a.consumer_id::text = ${p(who)})`);
    }
    if (q.state) where.push(`a.state = ANY(${p(q.state)}::text[])`);
    if (q.datasetId) where.push(`a.dataset_id = ${p(q.datasetId)}::uuid`);
    // Keyset paging: agreements move to the top as they change, so an offset would skip or repeat
    // rows between pages; the id breaks ties between changes at the same instant.
    const after = decodeCursor(q.cursor, 2, isPosition);
    if (after)
      where.push(`(a.updated_at, a.id) < (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    // One row more than the page is read: its presence is what says there is a next page.
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        dataset_id: string;
        provider_id: string;
        consumer_id: string;
        state: AgreementStateV1;
        version: number;
        current_term_version: number | null;
        latest: number;
        purpose: string;
        updated_at: Date;
      }>
    >(
      `SELECT a.id, a.dataset_id, a.provider_id, a.consumer_id, a.state, a.version, a.current_term_version,
              t.version AS latest, t.terms->>'purpose' AS purpose, a.updated_at
       FROM consent.agreements a
       -- The purpose shown is the latest term version's, proposed or in force: a list row shows
       -- where the negotiation stands, and currentTermVersion vs latestTermVersion says which.
       JOIN LATERAL (SELECT version, terms FROM consent.agreement_terms WHERE agreement_id = a.id ORDER BY version DESC LIMIT 1) t ON true
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.updated_at DESC, a.id DESC
       LIMIT ${p(q.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        datasetId: r.dataset_id,
        providerId: r.provider_id,
        consumerId: r.consumer_id,
        state: r.state,
        version: r.version,
        currentTermVersion: r.current_term_version,
        latestTermVersion: r.latest,
        purpose: r.purpose,
        updatedAt: r.updated_at.toISOString(),
      })),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor([last.updated_at.toISOString(), last.id])
          : null,
    };
  }
}
