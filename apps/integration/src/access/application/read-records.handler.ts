import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessDeniedV1, AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { AccessLogWriter } from './access-log.writer';
import { CLOCK, type Clock } from '@dx/service-kit';

interface AgreementRow {
  agreement_id: string;
  dataset_id: string;
  provider_id: string;
  consumer_id: string;
  state: string;
  state_reason: string | null;
  purpose: string;
  fields: string[];
}

const READABLE = new Set(['ACTIVE', 'NOTICE_GIVEN']);

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
  ) {}

  async execute(
    agreementId: string,
    caller: Principal,
    q: {
      limit: number;
      after: number;
      since?: Date;
      filters?: Array<{ field: string; value: string }>;
    },
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const [a] = await this.dataSource.query<AgreementRow[]>(
      `SELECT * FROM integration.agreements WHERE agreement_id = $1`,
      [agreementId],
    );
    const isConsumer =
      a && caller.roles.includes('participant') && caller.subject === a.consumer_id;
    if (!a || (!isConsumer && caller.subject !== a.provider_id))
      throw new AppError(
        'not_found',
        'AGREEMENT.NOT_FOUND',
        `agreement ${agreementId} does not exist`,
      );
    if (!isConsumer || !READABLE.has(a.state)) {
      const reason = !isConsumer
        ? 'only the consumer of the agreement reads records through it'
        : `the agreement is ${a.state}${a.state_reason ? `: ${a.state_reason}` : ''}`;
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
      // Filters compare the field's text form (`people:5` matches 5 and "5").
      const rows = await em.query<Array<{ id: string; data: Record<string, unknown> }>>(
        `SELECT r.id, (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(r.data) WHERE key = ANY($3::text[])) AS data
         FROM integration.records r
         WHERE r.dataset_id = $1 AND r.valid_to IS NULL AND r.id > $2
           AND ($6::timestamptz IS NULL OR r.valid_from >= $6)
           AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($7::jsonb) AS f(field text, value text)
                           WHERE (r.data ->> f.field) IS DISTINCT FROM f.value)
           AND NOT EXISTS (SELECT 1 FROM integration.subject_consents c
                           WHERE c.dataset_id = r.dataset_id AND c.subject_id = r.subject_id AND c.purpose = $4
                             AND c.status IN ('withdrawn', 'expired'))
         ORDER BY r.id LIMIT $5`,
        [
          a.dataset_id,
          q.after,
          a.fields,
          a.purpose,
          q.limit + 1,
          q.since ?? null,
          JSON.stringify(filters),
        ],
      );
      const [{ withheld }] = await em.query<Array<{ withheld: number }>>(
        `SELECT count(*)::int AS withheld FROM integration.records r JOIN integration.subject_consents c
           ON c.dataset_id = r.dataset_id AND c.subject_id = r.subject_id AND c.purpose = $2 AND c.status IN ('withdrawn', 'expired')
         WHERE r.dataset_id = $1 AND r.valid_to IS NULL`,
        [a.dataset_id, a.purpose],
      );
      const page = rows.slice(0, q.limit);
      await this.log.append(em, {
        agreementId: a.agreement_id,
        datasetId: a.dataset_id,
        providerId: a.provider_id,
        consumerId: a.consumer_id,
        purpose: a.purpose,
        fields: a.fields,
        reader: caller.subject,
        filters: {
          after: q.after,
          limit: q.limit,
          ...(q.since ? { since: q.since.toISOString() } : {}),
          ...(filters.length ? { filter: filters } : {}),
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

  private async deny(a: AgreementRow, caller: Principal, reason: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      await this.outbox.append(
        em,
        AccessDeniedV1.envelope(
          {
            agreementId: a.agreement_id,
            datasetId: a.dataset_id,
            providerId: a.provider_id,
            consumerId: a.consumer_id,
            requester: caller.subject,
            reason,
            agreementState: a.state,
            occurredAt: now.toISOString(),
          },
          { source: 'integration', subject: a.agreement_id, time: now },
        ),
      );
    });
  }
}
