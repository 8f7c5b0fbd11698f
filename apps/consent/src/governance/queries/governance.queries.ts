import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '@dx/service-kit';

const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/** A dispute as the API lists it. */
export interface DisputeView {
  id: string;
  agreementId: string;
  datasetId: string;
  openedBy: string;
  against: string;
  category: string;
  description: string;
  status: 'open' | 'resolved';
  outcome: 'upheld' | 'dismissed' | 'amicable' | null;
  upheldAgainst: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  openedAt: string;
  resolvedAt: string | null;
}

/** A regulation change as the API lists it. */
export interface RegulationView {
  regulationId: string;
  reference: string;
  title: string;
  description: string | null;
  url: string | null;
  effectiveAt: string;
  recordedAt: string;
}

type DisputeRow = Omit<DisputeView, 'openedAt' | 'resolvedAt'> & {
  openedAt: Date;
  resolvedAt: Date | null;
};

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
  }): Promise<Page<DisputeView>> {
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
    const rows = await this.dataSource.query<DisputeRow[]>(
      `SELECT d.id, d.agreement_id AS "agreementId", d.dataset_id AS "datasetId", d.opened_by AS "openedBy", d.against,
              d.category, d.description, d.status, d.outcome, d.upheld_against AS "upheldAgainst", d.resolution,
              d.resolved_by AS "resolvedBy", d.opened_at AS "openedAt", d.resolved_at AS "resolvedAt"
       FROM consent.disputes d JOIN consent.agreements a ON a.id = d.agreement_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id LIMIT ${p(q.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        ...r,
        openedAt: r.openedAt.toISOString(),
        resolvedAt: r.resolvedAt?.toISOString() ?? null,
      })),
      nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }

  /** Regulation changes, newest effective first. */
  async regulations(): Promise<RegulationView[]> {
    const rows = await this.dataSource.query<
      Array<
        Omit<RegulationView, 'effectiveAt' | 'recordedAt'> & { effectiveAt: Date; recordedAt: Date }
      >
    >(
      `SELECT id AS "regulationId", reference, title, description, url, effective_at AS "effectiveAt", recorded_at AS "recordedAt"
       FROM consent.regulations ORDER BY effective_at DESC, id`,
    );
    return rows.map((r) => ({
      ...r,
      effectiveAt: r.effectiveAt.toISOString(),
      recordedAt: r.recordedAt.toISOString(),
    }));
  }
}
