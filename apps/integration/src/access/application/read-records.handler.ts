import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessDeniedV1, AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { AccessQueries, type AgreementFacts } from '../queries/access.queries';
import { AccessLogWriter } from './access-log.writer';
import { CLOCK, type Clock } from '@dx/service-kit';

/** Agreement states whose consumer reads (and may open transfers). */
export const READABLE_STATES: ReadonlySet<string> = new Set(['ACTIVE', 'NOTICE_GIVEN']);

export interface ReadQuery {
  limit: number;
  after: number;
  since?: Date;
  filters?: Array<{ field: string; value: string }>;
  /** The data-space transfer the read comes through, named in the access log. */
  via?: { transferId: string; reference: string | null };
}

/**
 * Governed read: only the consumer of an agreement in force reads, only the agreed fields, never
 * rows of subjects whose consent for that purpose is withdrawn or expired. The read, its log entry
 * (hash-chained) and its event commit together; a refusal emits `access-denied` and answers 403
 * with the reason.
 */
@Injectable()
export class ReadRecordsHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly log: AccessLogWriter,
    private readonly queries: AccessQueries,
  ) {}

  async execute(
    agreementId: string,
    caller: Principal,
    q: ReadQuery,
  ): Promise<{ items: Array<Record<string, unknown>>; nextCursor: string | null }> {
    const a = await this.queries.agreement(agreementId);
    const isConsumer = a && caller.roles.includes('participant') && caller.subject === a.consumerId;
    if (!a || (!isConsumer && caller.subject !== a.providerId))
      throw new AppError(
        'not_found',
        'AGREEMENT.NOT_FOUND',
        `agreement ${agreementId} does not exist`,
      );
    if (!isConsumer || !READABLE_STATES.has(a.state)) {
      const reason = !isConsumer
        ? 'only the consumer of the agreement reads records through it'
        : `the agreement is ${a.state}${a.stateReason ? `: ${a.stateReason}` : ''}`;
      await this.deny(a, caller, reason);
      throw new AppError('forbidden', 'ACCESS.DENIED', reason, [], { agreementState: a.state });
    }
    const filters = q.filters ?? [];
    const outside = filters.filter((f) => !a.fields.includes(f.field));
    if (outside.length)
      throw new AppError(
        'invalid',
        'ACCESS.FILTER_NOT_AGREED',
        'filters apply only to the agreed fields',
        outside.map((f) => ({ path: 'filter', message: `${f.field} is not an agreed field` })),
      );
    return this.dataSource.transaction(async (em) => {
      const rows = await this.queries.records(em, a, {
        after: q.after,
        limit: q.limit + 1,
        since: q.since ?? null,
        filters,
      });
      const withheld = await this.queries.withheld(em, a.datasetId, a.purpose);
      const page = rows.slice(0, q.limit);
      await this.log.append(em, {
        agreementId: a.agreementId,
        datasetId: a.datasetId,
        providerId: a.providerId,
        consumerId: a.consumerId,
        purpose: a.purpose,
        fields: a.fields,
        reader: caller.subject,
        filters: {
          after: q.after,
          limit: q.limit,
          ...(q.since ? { since: q.since.toISOString() } : {}),
          ...(filters.length ? { filter: filters } : {}),
          ...(q.via ? { transfer: q.via } : {}),
        },
        rows: page.length,
        withheldRows: withheld,
      });
      return {
        items: page.map((r) => r.data),
        nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
      };
    });
  }

  private async deny(a: AgreementFacts, caller: Principal, reason: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      await this.outbox.append(
        em,
        AccessDeniedV1.envelope(
          {
            agreementId: a.agreementId,
            datasetId: a.datasetId,
            providerId: a.providerId,
            consumerId: a.consumerId,
            requester: caller.subject,
            reason,
            agreementState: a.state,
            occurredAt: now.toISOString(),
          },
          { source: 'integration', subject: a.agreementId, time: now },
        ),
      );
    });
  }
}
