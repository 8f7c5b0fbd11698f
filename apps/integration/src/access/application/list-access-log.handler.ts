import { Injectable } from '@nestjs/common';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { AccessQueries, type AccessLogEntry } from '../queries/access.queries';

/**
 * Who read what, when, under which agreement and purpose: each party sees the entries of its own
 * agreements (X-Road's "each client sees its own records"), auditors and operators see all.
 */
@Injectable()
export class ListAccessLogHandler {
  constructor(private readonly queries: AccessQueries) {}

  async execute(
    caller: Principal,
    q: { agreementId?: string; limit: number; after: number },
  ): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
    const everything = caller.roles.includes('auditor') || caller.roles.includes('operator');
    if (!everything && !caller.roles.includes('participant'))
      throw new AppError(
        'forbidden',
        'AUTH.ROLE_REQUIRED',
        'the access log is for parties, auditors and operators',
      );
    const rows = await this.queries.log({
      ...q,
      partyOf: everything ? null : caller.subject,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page,
      nextCursor: rows.length > q.limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
