import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type ListQuery, type Page } from '@dx/service-kit';

export interface ConsentListItem {
  id: string;
  subjectId: string;
  datasetId: string;
  purpose: string;
  status: string;
  expiresAt: string | null;
  updatedAt: string;
  history: Array<{ status: string; previousStatus: string | null; recordedBy: string; at: string }>;
}

export interface ConsentFilter extends ListQuery {
  datasetId?: string;
  subjectId?: string;
  status?: string;
}

// A consent keeps its id for life (its status changes, not the row), so paging by id neither skips
// nor repeats a consent that changes while a register is read page by page.
const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/** Consent records with their history, keyset-paged; `providerId` limits them to its datasets'. */
@Injectable()
export class SubjectConsentQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: ConsentFilter & { providerId?: string }): Promise<Page<ConsentListItem>> {
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where: string[] = [];
    // A provider sees only its own datasets' consents; it is the party that holds the subjects.
    if (q.providerId) where.push(`c.provider_id::text = ${p(q.providerId)}`);
    if (q.datasetId) where.push(`c.dataset_id = ${p(q.datasetId)}::uuid`);
    if (q.subjectId) where.push(`c.subject_id = ${p(q.subjectId)}`);
    if (q.status) where.push(`c.status = ${p(q.status)}`);
    const after = decodeCursor(q.cursor, 1, isPosition);
    if (after) where.push(`c.id > ${p(after[0])}::uuid`);
    // The history comes with each consent in the same statement: one round trip per page, not one
    // per consent.
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        subject_id: string;
        dataset_id: string;
        purpose: string;
        status: string;
        expires_at: Date | null;
        updated_at: Date;
        history: ConsentListItem['history'];
      }>
    >(
      `SELECT c.*, coalesce((SELECT json_agg(json_build_object('status', h.status, 'previousStatus', h.previous_status, 'recordedBy', h.recorded_by, 'at', h.at) ORDER BY h.seq)
                             FROM consent.subject_consent_history h WHERE h.consent_id = c.id), '[]') AS history
       FROM consent.subject_consents c
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.id LIMIT ${p(q.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        subjectId: r.subject_id,
        datasetId: r.dataset_id,
        purpose: r.purpose,
        status: r.status,
        expiresAt: r.expires_at?.toISOString() ?? null,
        updatedAt: r.updated_at.toISOString(),
        history: r.history.map((x) => ({ ...x, at: new Date(x.at).toISOString() })),
      })),
      nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }
}
