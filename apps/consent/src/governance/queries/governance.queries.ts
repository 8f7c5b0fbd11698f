import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '@dx/service-kit';

const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/** Read-side SQL of governance: disputes and regulation changes. */
@Injectable()
export class GovernanceQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Disputes in id order, keyset-paged; `partyOf` limits them to that participant's agreements. */
  async disputes(q: {
    partyOf?: string;
    agreementId?: string;
    status?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<Record<string, unknown>>> {
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.partyOf)
      where.push(
        `(a.provider_id::text = ${p(q.partyOf)} OR a.consumer_id::text = ${p(q.partyOf)})`,
      );
    if (q.agreementId) where.push(`d.agreement_id = ${p(q.agreementId)}::uuid`);
    if (q.status) where.push(`d.status = ${p(q.status)}`);
    const after = decodeCursor(q.cursor, 1, isPosition);
    if (after) where.push(`d.id > ${p(after[0])}::uuid`);
    const rows = await this.dataSource.query<Array<Record<string, unknown> & { id: string }>>(
      `SELECT d.id, d.agreement_id AS "agreementId", d.dataset_id AS "datasetId", d.opened_by AS "openedBy", d.against,
              d.category, d.description, d.status, d.outcome, d.upheld_against AS "upheldAgainst", d.resolution,
              d.resolved_by AS "resolvedBy", d.opened_at AS "openedAt", d.resolved_at AS "resolvedAt"
       FROM consent.disputes d JOIN consent.agreements a ON a.id = d.agreement_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id LIMIT ${p(q.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page,
      nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }

  /** Regulation changes, newest effective first. */
  async regulations(): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT id AS "regulationId", reference, title, description, url, effective_at AS "effectiveAt", recorded_at AS "recordedAt"
       FROM consent.regulations ORDER BY effective_at DESC, id`,
    );
  }
}
