import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';

/**
 * Who read what, when, under which agreement and purpose: each party sees the entries of its own
 * agreements (X-Road's "each client sees its own records"), auditors and operators see all.
 */
@Injectable()
export class ListAccessLogHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    caller: Principal,
    q: { agreementId?: string; limit: number; after: number },
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const everything = caller.roles.includes('auditor') || caller.roles.includes('operator');
    if (!everything && !caller.roles.includes('participant'))
      throw new AppError(
        'forbidden',
        'AUTH.ROLE_REQUIRED',
        'the access log is for parties, auditors and operators',
      );
    const rows = await this.dataSource.query<Array<{ seq: string } & Record<string, unknown>>>(
      `SELECT seq, agreement_id AS "agreementId", dataset_id AS "datasetId", provider_id AS "providerId", consumer_id AS "consumerId",
              reader, purpose, filters, rows, at, prev_hash AS "prevHash", hash
       FROM integration.access_log
       WHERE seq > $1 AND ($2::uuid IS NULL OR agreement_id = $2::uuid)
         AND ($3 OR provider_id::text = $4 OR consumer_id::text = $4)
       ORDER BY seq LIMIT $5`,
      [q.after, q.agreementId ?? null, everything, caller.subject, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({ ...r, seq: Number(r.seq) })),
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
