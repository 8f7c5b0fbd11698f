import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AGREEMENT_EVENTS,
  DisputeOpenedV1,
  DisputeResolvedV1,
  isEventOf,
  RecordsAccessedV1,
  type EventEnvelope,
  type TrustRole,
} from '@dx/contracts';
import { evidenceFor } from '@dx/trust-model';
import { AgreementReplica } from '../domain/agreement-replica';
import { EvidenceLedger } from '../domain/evidence-ledger';
import { RescoreQueue } from '../domain/rescore-queue';
import { MODEL, TrustScorer } from './trust-scorer';

type Touched = Map<string, { participantId: string; role: TrustRole; causeEventId: string }>;

/** The agreement an event is about, when its payload names one. */
function agreementIdOf(e: EventEnvelope): string[] {
  const d = e.data;
  return typeof d === 'object' &&
    d !== null &&
    'agreementId' in d &&
    typeof d.agreementId === 'string'
    ? [d.agreementId]
    : [];
}

/**
 * Evidence-bearing events, a whole consumer group at a time: keep the replicas the rules read
 * (agreement parties, open disputes, data uses), map the events to evidence through the versioned
 * rules (event time, not arrival time), append what is new in one statement, fold it into the
 * incremental state set-based and queue whoever it concerns for rescoring once — in the consumer's
 * transaction, so a redelivered event changes nothing (inbox and the ledger's key).
 */
@Injectable()
export class RecordEvidenceHandler {
  constructor(
    private readonly scorer: TrustScorer,
    private readonly ledger: EvidenceLedger<EntityManager>,
    private readonly replica: AgreementReplica<EntityManager>,
    private readonly queue: RescoreQueue<EntityManager>,
  ) {}

  execute(em: EntityManager, e: EventEnvelope): Promise<void> {
    return this.executeAll(em, [e]);
  }

  async executeAll(em: EntityManager, events: EventEnvelope[]): Promise<void> {
    const touched: Touched = new Map();
    const uses: Array<{ eventId: string; use: RecordsAccessedV1 }> = [];
    // Replicas first, in partition order (agreement rows are version-guarded upserts).
    for (const e of events)
      if (RecordsAccessedV1.is(e)) uses.push({ eventId: e.id, use: e.data });
      else await this.keepReplicas(em, e, touched);
    await this.replica.keepDataUses(em, uses);
    const parties = await this.replica.partiesOf(em, [...new Set(events.flatMap(agreementIdOf))]);
    const cause = new Map<string, string>();
    const evidence = events.flatMap((e) =>
      evidenceFor(e, { config: MODEL, agreementParties: (id) => parties.get(id) }).map((x) => {
        cause.set(x.eventId, e.id);
        return x;
      }),
    );
    const added = await this.ledger.append(em, evidence);
    await this.scorer.addToState(em, added);
    for (const x of added)
      touched.set(`${x.participantId}:${x.role}`, {
        participantId: x.participantId,
        role: x.role,
        causeEventId: cause.get(x.eventId) ?? x.eventId,
      });
    // Scores follow asynchronously, once per participant for however many events arrive meanwhile.
    await this.queue.enqueue(em, [...touched.values()]);
  }

  /** Agreement parties (for dispute rules) and open disputes (shown as pending, never counted). */
  private async keepReplicas(em: EntityManager, e: EventEnvelope, touched: Touched): Promise<void> {
    if (isEventOf(AGREEMENT_EVENTS, e)) {
      const d = e.data;
      await this.replica.keepAgreement(em, e.id, e.type, d);
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
    } else if (DisputeOpenedV1.is(e)) {
      const d = e.data;
      await this.replica.keepDisputeOpened(em, d);
      await this.touchParty(em, d.agreementId, d.against, e.id, touched);
    } else if (DisputeResolvedV1.is(e)) {
      const d = e.data;
      await this.replica.keepDisputeResolved(em, d);
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
    const a = (await this.replica.partiesOf(em, [agreementId])).get(agreementId);
    const role: TrustRole | null =
      a?.providerId === participantId
        ? 'provider'
        : a?.consumerId === participantId
          ? 'consumer'
          : null;
    if (role) touched.set(`${participantId}:${role}`, { participantId, role, causeEventId });
  }
}
