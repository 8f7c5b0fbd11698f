import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AgreementEventV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  RecordsAccessedV1,
} from '@dx/contracts';
import { AgreementReplica, type AgreementParties } from '../domain/agreement-replica';

/** `trust.agreement_parties`, `agreement_transitions`, `pending_disputes` and `data_uses`. */
@Injectable()
export class PgAgreementReplica extends AgreementReplica<EntityManager> {
  /**
   * The parties and state follow the newest aggregate version (events may come again or late); the
   * transition log keeps every event once (by its id), since commitment reads the whole history.
   */
  async keepAgreement(
    em: EntityManager,
    eventId: string,
    type: string,
    d: AgreementEventV1,
  ): Promise<void> {
    await em.query(
      `INSERT INTO trust.agreement_parties (agreement_id, dataset_id, provider_id, consumer_id, state, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (agreement_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
       WHERE trust.agreement_parties.version <= EXCLUDED.version`,
      [d.agreementId, d.datasetId, d.providerId, d.consumerId, d.state, d.version, d.occurredAt],
    );
    // Commitment inputs: when it first came into force, and every transition.
    if (d.state === 'ACTIVE')
      await em.query(
        // The earliest activation wins: a resumed or renewed agreement keeps its tenure.
        `UPDATE trust.agreement_parties SET activated_at = LEAST(coalesce(activated_at, $2), $2) WHERE agreement_id = $1`,
        [d.agreementId, d.occurredAt],
      );
    await em.query(
      `INSERT INTO trust.agreement_transitions (event_id, agreement_id, type, provider_id, consumer_id, notice_given_by, notice_respected, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        eventId,
        d.agreementId,
        type,
        d.providerId,
        d.consumerId,
        d.notice?.givenBy ?? null,
        d.notice?.noticeRespected ?? null,
        d.occurredAt,
      ],
    );
  }

  async keepDisputeOpened(em: EntityManager, d: DisputeOpenedV1): Promise<void> {
    await em.query(
      `INSERT INTO trust.pending_disputes (dispute_id, agreement_id, against, opened_by, category, description, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dispute_id) DO NOTHING`,
      [d.disputeId, d.agreementId, d.against, d.openedBy, d.category, d.description, d.occurredAt],
    );
  }

  /**
   * An upsert: the resolution carries the dispute's parties, category and opening time, so a
   * resolution read before its opening (another partition, a replay) still leaves a resolved row.
   */
  async keepDisputeResolved(em: EntityManager, d: DisputeResolvedV1): Promise<void> {
    await em.query(
      `INSERT INTO trust.pending_disputes (dispute_id, agreement_id, against, opened_by, category, description, opened_at, resolved_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dispute_id) DO UPDATE SET resolved_at = EXCLUDED.resolved_at, outcome = EXCLUDED.outcome`,
      [
        d.disputeId,
        d.agreementId,
        d.against,
        d.openedBy,
        d.category,
        d.resolution,
        d.openedAt,
        d.occurredAt,
        d.outcome,
      ],
    );
  }

  /** Reads of a provider's data by a consumer: the use side of the relationship (commitment). */
  async keepDataUses(
    em: EntityManager,
    uses: Array<{ eventId: string; use: RecordsAccessedV1 }>,
  ): Promise<void> {
    if (uses.length === 0) return;
    await em.query(
      `INSERT INTO trust.data_uses (event_id, provider_id, consumer_id, rows, occurred_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, provider_id uuid, consumer_id uuid, rows integer, occurred_at timestamptz)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          uses.map(({ eventId, use }) => ({
            event_id: eventId,
            provider_id: use.providerId,
            consumer_id: use.consumerId,
            rows: use.rows,
            occurred_at: use.occurredAt,
          })),
        ),
      ],
    );
  }

  async partiesOf(
    em: EntityManager,
    agreementIds: string[],
  ): Promise<Map<string, AgreementParties>> {
    if (agreementIds.length === 0) return new Map();
    const rows = await em.query<
      Array<{ agreement_id: string; provider_id: string; consumer_id: string }>
    >(
      `SELECT agreement_id::text, provider_id::text, consumer_id::text FROM trust.agreement_parties
       WHERE agreement_id = ANY($1::uuid[])`,
      [agreementIds],
    );
    return new Map(
      rows.map((p) => [p.agreement_id, { providerId: p.provider_id, consumerId: p.consumer_id }]),
    );
  }
}
