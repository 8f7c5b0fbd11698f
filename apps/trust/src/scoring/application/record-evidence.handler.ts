import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AgreementEventV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  EventEnvelope,
  RecordsAccessedV1,
  TrustRole,
} from '@dx/contracts';
import { evidenceFor } from '../domain/evidence-rules';
import { appendEvidence } from './evidence-store';
import { MODEL, TrustScorer } from './trust-scorer';

/**
 * One evidence-bearing event: keep the replicas the rules read (agreement parties, open disputes),
 * map the event to evidence through the versioned rules (event time, not arrival time), append
 * what is new, fold it into the incremental state and queue whoever it concerns for rescoring — in
 * the consumer's transaction, so a redelivered event changes nothing (inbox and the ledger's key).
 */
@Injectable()
export class RecordEvidenceHandler {
  constructor(private readonly scorer: TrustScorer) {}

  async execute(em: EntityManager, e: EventEnvelope): Promise<void> {
    const touched = new Map<string, { participantId: string; role: TrustRole }>();
    await this.keepReplicas(em, e, touched);
    const agreementId = (e.data as { agreementId?: string }).agreementId;
    const [parties] = agreementId
      ? await em.query<Array<{ provider_id: string; consumer_id: string }>>(
          `SELECT provider_id, consumer_id FROM trust.agreement_parties WHERE agreement_id = $1`,
          [agreementId],
        )
      : [];
    const evidence = evidenceFor(e, {
      config: MODEL,
      agreementParties: (id) =>
        id === agreementId && parties
          ? { providerId: parties.provider_id, consumerId: parties.consumer_id }
          : undefined,
    });
    const added = await appendEvidence(em, evidence);
    await this.scorer.addToState(em, added);
    for (const x of added) touched.set(`${x.participantId}:${x.role}`, x);
    // Scores follow asynchronously, once per participant for however many events arrive meanwhile.
    for (const t of touched.values())
      await em.query(
        `INSERT INTO trust.rescore_queue (participant_id, role, cause_event_id) VALUES ($1, $2, $3)
         ON CONFLICT (participant_id, role) DO UPDATE SET cause_event_id = EXCLUDED.cause_event_id`,
        [t.participantId, t.role, e.id],
      );
  }

  /** Agreement parties (for dispute rules) and open disputes (shown as pending, never counted). */
  private async keepReplicas(
    em: EntityManager,
    e: EventEnvelope,
    touched: Map<string, { participantId: string; role: TrustRole }>,
  ): Promise<void> {
    if (e.type.startsWith('consent.agreement.')) {
      const d = e.data as AgreementEventV1;
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
          `UPDATE trust.agreement_parties SET activated_at = LEAST(coalesce(activated_at, $2), $2) WHERE agreement_id = $1`,
          [d.agreementId, d.occurredAt],
        );
      await em.query(
        `INSERT INTO trust.agreement_transitions (event_id, agreement_id, type, provider_id, consumer_id, notice_given_by, notice_respected, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          e.id,
          d.agreementId,
          e.type,
          d.providerId,
          d.consumerId,
          d.notice?.givenBy ?? null,
          d.notice?.noticeRespected ?? null,
          d.occurredAt,
        ],
      );
    } else if (e.type === 'integration.access.records-accessed') {
      const d = e.data as RecordsAccessedV1;
      await em.query(
        `INSERT INTO trust.data_uses (event_id, provider_id, consumer_id, rows, occurred_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [e.id, d.providerId, d.consumerId, d.rows, d.occurredAt],
      );
    } else if (e.type === 'consent.governance.dispute-opened') {
      const d = e.data as DisputeOpenedV1;
      await em.query(
        `INSERT INTO trust.pending_disputes (dispute_id, agreement_id, against, opened_by, category, description, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dispute_id) DO NOTHING`,
        [
          d.disputeId,
          d.agreementId,
          d.against,
          d.openedBy,
          d.category,
          d.description,
          d.occurredAt,
        ],
      );
      await this.touchParty(em, d.agreementId, d.against, touched);
    } else if (e.type === 'consent.governance.dispute-resolved') {
      const d = e.data as DisputeResolvedV1;
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
      await this.touchParty(em, d.agreementId, d.against, touched);
    }
  }

  private async touchParty(
    em: EntityManager,
    agreementId: string,
    participantId: string,
    touched: Map<string, { participantId: string; role: TrustRole }>,
  ): Promise<void> {
    const [a] = await em.query<Array<{ provider_id: string; consumer_id: string }>>(
      `SELECT provider_id, consumer_id FROM trust.agreement_parties WHERE agreement_id = $1`,
      [agreementId],
    );
    const role: TrustRole | null =
      a?.provider_id === participantId
        ? 'provider'
        : a?.consumer_id === participantId
          ? 'consumer'
          : null;
    if (role) touched.set(`${participantId}:${role}`, { participantId, role });
  }
}
