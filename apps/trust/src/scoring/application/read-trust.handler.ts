import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type TrustRole } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { CLOCK, type Clock } from '@dx/service-kit';
import { AgreementReplica } from '../domain/agreement-replica';
import { EvidenceLedger } from '../domain/evidence-ledger';
import { explain, type Explanation } from '@dx/trust-model';
import {
  TrustReadQueries,
  type HistoryPoint,
  type LeaderboardEntry,
} from '../queries/trust-read.queries';
import { CommitmentCalculator, type CommitmentView } from './commitment-calculator';
import { MODEL } from './trust-scorer';

export type { HistoryPoint, LeaderboardEntry };

/** Reads over the ledger: explanations, score history, the leaderboard, the commitment index. */
@Injectable()
export class ReadTrustHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly queries: TrustReadQueries,
    private readonly ledger: EvidenceLedger<EntityManager>,
    private readonly replica: AgreementReplica<EntityManager>,
    private readonly calculator: CommitmentCalculator,
  ) {}

  /**
   * The explanation of a participant's score in one role, built now from the ledger (top events,
   * counterfactuals, trends are not stored with snapshots), as of the last scoring or the latest
   * evidence if later — so with nothing new it is the snapshot's score, and evidence the rescorer
   * has not reached yet is already explained. Null when the participant has no profile.
   */
  async explanation(participantId: string, role: TrustRole): Promise<Explanation | null> {
    const last = await this.queries.lastScoring(participantId, role);
    if (!last) return null;
    const em = this.dataSource.manager;
    const at = Math.max(last.computedAt.getTime(), last.evidenceAt?.getTime() ?? 0);
    return explain(await this.ledger.ofParticipant(em, participantId, role), {
      participantId,
      role,
      baseRate: last.baseRate,
      asOf: new Date(at),
      config: MODEL,
      pending: await this.ledger.pendingAllegations(em, participantId, role),
    });
  }

  /**
   * Trust within one agreement (docs/trust-model.md §7 dyadic trust): the same model over that
   * agreement's evidence only, computed now. Shown to the agreement's parties, operators and
   * auditors; anyone else gets the same 404 as for an agreement that does not exist.
   */
  async dyadic(
    participantId: string,
    role: TrustRole,
    agreementId: string,
    caller: Principal,
  ): Promise<Explanation> {
    const em = this.dataSource.manager;
    const a = (await this.replica.partiesOf(em, [agreementId])).get(agreementId);
    const privileged = caller.roles.some((r) => r === 'operator' || r === 'auditor');
    const party = a && (caller.subject === a.providerId || caller.subject === a.consumerId);
    const inRole = a && (role === 'provider' ? a.providerId : a.consumerId) === participantId;
    if (!a || !inRole || (!party && !privileged))
      throw new AppError(
        'not_found',
        'TRUST.AGREEMENT_NOT_FOUND',
        `no agreement ${agreementId} with ${participantId} as ${role}`,
      );
    const last = await this.queries.lastScoring(participantId, role);
    return explain(await this.ledger.ofParticipant(em, participantId, role, { agreementId }), {
      participantId,
      role,
      baseRate: last?.baseRate ?? 0.4,
      asOf: this.clock.now(),
      config: MODEL,
      scope: 'agreement',
      agreementId,
    });
  }

  async history(
    participantId: string,
    role: TrustRole,
    from: Date,
    to: Date,
  ): Promise<{ participantId: string; role: TrustRole; points: HistoryPoint[] }> {
    return {
      participantId,
      role,
      points: await this.queries.history(participantId, role, from, to),
    };
  }

  async leaderboard(
    role: TrustRole,
    limit: number,
  ): Promise<{ role: TrustRole; items: LeaderboardEntry[] }> {
    return { role, items: await this.queries.leaderboard(role, limit) };
  }

  async commitment(participantId: string, at = this.clock.now()): Promise<CommitmentView> {
    const ci = await this.calculator.of(this.dataSource.manager, participantId, at);
    if (!ci)
      throw new AppError(
        'not_found',
        'TRUST.PROFILE_NOT_FOUND',
        `no trust profile for participant ${participantId}`,
      );
    return ci;
  }
}
