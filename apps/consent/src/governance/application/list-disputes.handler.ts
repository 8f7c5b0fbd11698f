import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page, type Principal } from '@dx/service-kit';
import type { ListDisputesQueryDto } from '../api/dto/governance.dto';

const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/** Disputes: a participant sees those on its agreements; operators and auditors see all. */
@Injectable()
export class ListDisputesHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    q: ListDisputesQueryDto,
    caller: Principal,
  ): Promise<Page<Record<string, unknown>>> {
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where: string[] = [];
    if (!caller.roles.includes('operator') && !caller.roles.includes('auditor'))
      where.push(
        `(a.provider_id::text = ${p(caller.subject)} OR a.consumer_id::text = ${p(caller.subject)})`,
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
}
