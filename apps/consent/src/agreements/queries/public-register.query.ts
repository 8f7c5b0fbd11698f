import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '@dx/service-kit';
import { AgreementStateV1 } from '@dx/contracts';

export interface RegisterEntry {
  agreementId: string;
  providerId: string;
  consumerId: string;
  datasetId: string;
  datasetTitle: string;
  purpose: string;
  purposeDescription: string;
  legalBasis: string;
  state: AgreementStateV1;
  validFrom: string;
  validTo: string;
}

const isPosition = (v: unknown[]): v is [string] =>
  typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[0]);

/**
 * The public register (for residents): agreements in force, who shares what with whom, for which
 * purpose and until when — never the commercial terms (fields, cadence, retention, notice periods).
 */
@Injectable()
export class PublicRegisterHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(limit: number, cursor?: string): Promise<Page<RegisterEntry>> {
    const after = decodeCursor(cursor, 1, isPosition);
    // Only agreements in force (suspended and under notice included: data still flows or may
    // resume), with the terms in force: a proposal under negotiation is nobody's business yet.
    // The LEFT JOIN keeps an entry whose dataset the replica has not received, with no title.
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        provider_id: string;
        consumer_id: string;
        dataset_id: string;
        title: string | null;
        state: AgreementStateV1;
        terms: Record<string, string>;
      }>
    >(
      `SELECT a.id, a.provider_id, a.consumer_id, a.dataset_id, d.title, a.state, t.terms
       FROM consent.agreements a
       JOIN consent.agreement_terms t ON t.agreement_id = a.id AND t.version = a.current_term_version
       LEFT JOIN consent.datasets d ON d.dataset_id = a.dataset_id
       WHERE a.state IN ('ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN') AND ($1::uuid IS NULL OR a.id > $1::uuid)
       ORDER BY a.id
       LIMIT $2`,
      [after?.[0] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        agreementId: r.id,
        providerId: r.provider_id,
        consumerId: r.consumer_id,
        datasetId: r.dataset_id,
        datasetTitle: r.title ?? '',
        purpose: r.terms.purpose,
        purposeDescription: r.terms.purposeDescription,
        legalBasis: r.terms.legalBasis,
        state: r.state,
        validFrom: r.terms.validFrom,
        validTo: r.terms.validTo,
      })),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }
}
