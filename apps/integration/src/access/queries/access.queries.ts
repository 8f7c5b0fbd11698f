import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** An agreement as integration's replica holds it. */
export interface AgreementFacts {
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  state: string;
  stateReason: string | null;
  purpose: string;
  fields: string[];
}

/** One read of governed records, as the hash-chained access log keeps it. */
export interface AccessLogEntry {
  seq: number;
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  /** Who read: the consumer's participant id. */
  reader: string;
  purpose: string;
  /** The query that was answered (since, field filters). */
  filters: unknown;
  rows: number;
  at: string;
  prevHash: string;
  hash: string;
}

/**
 * Read-side SQL of governed access: the agreement replica, the records an agreement lets its
 * consumer read, and the access log's entries.
 */
@Injectable()
export class AccessQueries {
  constructor(private readonly dataSource: DataSource) {}

  async agreement(agreementId: string): Promise<AgreementFacts | null> {
    const [a] = await this.dataSource.query<
      Array<{
        agreement_id: string;
        dataset_id: string;
        provider_id: string;
        consumer_id: string;
        state: string;
        state_reason: string | null;
        purpose: string;
        fields: string[];
      }>
    >(`SELECT * FROM integration.agreements WHERE agreement_id = $1`, [agreementId]);
    return a
      ? {
          agreementId: a.agreement_id,
          datasetId: a.dataset_id,
          providerId: a.provider_id,
          consumerId: a.consumer_id,
          state: a.state,
          stateReason: a.state_reason,
          purpose: a.purpose,
          fields: a.fields,
        }
      : null;
  }

  /**
   * The current records an agreement may read after `after`, only its fields, never a subject whose
   * consent for its purpose is withdrawn or expired; filters compare the field's text form
   * (`people:5` matches 5 and "5"). Up to `limit` rows.
   */
  records(
    em: EntityManager,
    a: AgreementFacts,
    q: {
      after: number;
      limit: number;
      since: Date | null;
      filters: Array<{ field: string; value: string }>;
    },
  ): Promise<Array<{ id: string; data: Record<string, unknown> }>> {
    return em.query<Array<{ id: string; data: Record<string, unknown> }>>(
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
      [a.datasetId, q.after, a.fields, a.purpose, q.limit, q.since, JSON.stringify(q.filters)],
    );
  }

  /** How many current records the agreement's purpose may not see (consent withdrawn or expired). */
  async withheld(em: EntityManager, datasetId: string, purpose: string): Promise<number> {
    const [{ withheld }] = await em.query<Array<{ withheld: number }>>(
      `SELECT count(*)::int AS withheld FROM integration.records r JOIN integration.subject_consents c
         ON c.dataset_id = r.dataset_id AND c.subject_id = r.subject_id AND c.purpose = $2 AND c.status IN ('withdrawn', 'expired')
       WHERE r.dataset_id = $1 AND r.valid_to IS NULL`,
      [datasetId, purpose],
    );
    return withheld;
  }

  async datasetProvider(em: EntityManager, datasetId: string): Promise<string | null> {
    const [d] = await em.query<Array<{ provider_id: string }>>(
      `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
      [datasetId],
    );
    return d?.provider_id ?? null;
  }

  /** The consumer's agreements on a dataset, oldest first (so the outcome of a choice is stable). */
  agreementsOf(
    em: EntityManager,
    datasetId: string,
    consumerId: string,
  ): Promise<Array<{ agreementId: string; purpose: string; fields: string[]; state: string }>> {
    return em.query(
      `SELECT agreement_id AS "agreementId", purpose, fields, state FROM integration.agreements
       WHERE dataset_id = $1 AND consumer_id = $2 ORDER BY updated_at, agreement_id`,
      [datasetId, consumerId],
    );
  }

  /** Access-log entries after `after`; `partyOf` limits them to that participant's agreements. */
  async log(q: {
    after: number;
    agreementId?: string;
    partyOf: string | null;
    limit: number;
  }): Promise<AccessLogEntry[]> {
    const rows = await this.dataSource.query<
      Array<Omit<AccessLogEntry, 'seq' | 'at'> & { seq: string; at: Date }>
    >(
      `SELECT seq, agreement_id AS "agreementId", dataset_id AS "datasetId", provider_id AS "providerId", consumer_id AS "consumerId",
              reader, purpose, filters, rows, at, prev_hash AS "prevHash", hash
       FROM integration.access_log
       WHERE seq > $1 AND ($2::uuid IS NULL OR agreement_id = $2::uuid)
         AND ($3::text IS NULL OR provider_id::text = $3 OR consumer_id::text = $3)
       ORDER BY seq LIMIT $4`,
      [q.after, q.agreementId ?? null, q.partyOf, q.limit],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  }
}
