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

type Touched = Map<string, { participantId: string; role: TrustRole; causeEventId: string }>;

/**
 * Evidence-bearing events, a whole consumer group at a time: keep the replicas the rules read
 * (agreement parties, open disputes, data uses), map the events to evidence through the versioned
 * rules (event time, not arrival time), append what is new in one statement, fold it into the
 * incremental state set-based and queue whoever it concerns for rescoring once — in the consumer's
 * transaction, so a redelivered event changes nothing (inbox and the ledger's key).
 */
@Injectable()
export class RecordEvidenceHandler {
  constructor(private readonly scorer: TrustScorer) {}

  execute(em: EntityManager, e: EventEnvelope): Promise<void> {
    return this.executeAll(em, [e]);
  }

  async executeAll(em: EntityManager, events: EventEnvelope[]): Promise<void> {
    const touched: Touched = new Map();
    const uses: RecordsAccessedV1[] = [];
    const useIds: string[] = [];
    // Replicas first, in partition order (agreement rows are version-guarded upserts).
    for (const e of events)
      if (e.type === 'integration.access.records-accessed') {
        uses.push(e.data as RecordsAccessedV1);
        useIds.push(e.id);
      } else await this.keepReplicas(em, e, touched);
    if (uses.length > 0)
      await em.query(
        `INSERT INTO trust.data_uses (event_id, provider_id, consumer_id, rows, occurred_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, provider_id uuid, consumer_id uuid, rows integer, occurred_at timestamptz)
         ON CONFLICT DO NOTHING`,
        [
          JSON.stringify(
            uses.map((d, i) => ({
              event_id: useIds[i],
              provider_id: d.providerId,
              consumer_id: d.consumerId,
              rows: d.rows,
              occurred_at: d.occurredAt,
            })),
          ),
        ],
      );
    const agreementIds = [
      ...new Set(events.flatMap((e) => (e.data as { agreementId?: string }).agreementId ?? [])),
    ];
    const parties = new Map(
      (agreementIds.length
        ? await em.query<Array<{ agreement_id: string; provider_id: string; consumer_id: string }>>(
            `SELECT agreement_id::text, provider_id::text, consumer_id::text FROM trust.agreement_parties
             WHERE agreement_id = ANY($1::uuid[])`,
            [agreementIds],
          )
        : []
      ).map((p) => [p.agreement_id, { providerId: p.provider_id, consumerId: p.consumer_id }]),
    );
    const cause = new Map<string, string>();
    const evidence = events.flatMap((e) =>
      evidenceFor(e, { config: MODEL, agreementParties: (id) => parties.get(id) }).map((x) => {
        cause.set(x.eventId, e.id);
        return x;
      }),
    );
    const added = await appendEvidence(em, evidence);
    await this.scorer.addToState(em, added);
    for (const x of added)
      touched.set(`${x.participantId}:${x.role}`, {
        participantId: x.participantId,
        role: x.role,
        causeEventId: cause.get(x.eventId) ?? x.eventId,
      });
    if (touched.size === 0) return;
    // Scores follow asynchronously, once per participant for however many events arrive meanwhile.
    await em.query(
      `INSERT INTO trust.rescore_queue (participant_id, role, cause_event_id)
       SELECT participant_id, role, cause_event_id
       FROM jsonb_to_recordset($1::jsonb) AS x(participant_id uuid, role text, cause_event_id text)
       ORDER BY participant_id, role
       ON CONFLICT (participant_id, role) DO UPDATE SET cause_event_id = EXCLUDED.cause_event_id,
         generation = trust.rescore_queue.generation + 1`,
      [
        JSON.stringify(
          [...touched.values()].map((t) => ({
            participant_id: t.participantId,
            role: t.role,
            cause_event_id: t.causeEventId,
          })),
        ),
      ],
    );
  }

  /** Agreement parties (for dispute rules) and open disputes (shown as pending, never counted). */
  private async keepReplicas(em: EntityManager, e: EventEnvelope, touched: Touched): Promise<void> {
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
      // Both parties' commitment (tenure, renewals, exits) moves with the agreement: rescore them.
      touched.set(`${d.providerId}:provider`, {
        participantId: d.providerId,
        role: 'provider',
        causeEventId: e.id,
      });
      touched.set(`${d.consumerId}:consumer`, {
        participantId: d.consumerId,
        role: 'consumer',
        causeEventId: e.id,
      });
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
      await this.touchParty(em, d.agreementId, d.against, e.id, touched);
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
      await this.touchParty(em, d.agreementId, d.against, e.id, touched);
    }
  }

  private async touchParty(
    em: EntityManager,
    agreementId: string,
    participantId: string,
    causeEventId: string,
    touched: Touched,
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
    if (role) touched.set(`${participantId}:${role}`, { participantId, role, causeEventId });
  }
}
