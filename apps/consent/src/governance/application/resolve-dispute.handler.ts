import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  DisputeResolvedV1,
  type DisputeResolvedV1 as DisputeResolved,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { GovernanceStore } from '../domain/governance-store';
import type { ResolveDisputeInput } from './governance-inputs';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/**
 * The operator resolves a dispute. `upheld` names the party at fault, which must be one of the two
 * parties (it becomes integrity evidence against it); a resolved dispute is final.
 */
@Injectable()
export class ResolveDisputeHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(
    id: string,
    input: ResolveDisputeInput,
    operator: Principal,
  ): Promise<DisputeResolved & { id: string; status: 'resolved' }> {
    return this.dataSource.transaction(async (em) => {
      // Locked: of two operators resolving at once, the second sees `resolved` and gets a 409
      // instead of overwriting the first verdict (and sending trust a second one).
      const d = await this.governance.lockDispute(em, id);
      if (!d) throw new AppError('not_found', 'DISPUTE.NOT_FOUND', `dispute ${id} does not exist`);
      if (d.status === 'resolved')
        throw new AppError(
          'conflict',
          'DISPUTE.ALREADY_RESOLVED',
          'the dispute is already resolved',
          [],
          { currentState: 'resolved', allowedTransitions: [] },
        );
      if (input.outcome === 'upheld' && !input.against)
        throw new AppError(
          'invalid',
          'DISPUTE.AGAINST_REQUIRED',
          'an upheld dispute names the party at fault',
          [{ path: 'against', message: 'is required when outcome is upheld' }],
        );
      if (input.against && ![d.providerId, d.consumerId].includes(input.against))
        throw new AppError(
          'unprocessable',
          'DISPUTE.AGAINST_NOT_PARTY',
          'the party at fault must be a party to the agreement',
          [{ path: 'against', message: 'is not a party to the agreement' }],
        );
      const now = this.clock.now();
      // Only an upheld outcome names a party at fault; an `against` sent with a dismissal is not
      // carried on, so no consumer can read blame into it.
      const upheldAgainst = input.outcome === 'upheld' ? input.against : undefined;
      const data: DisputeResolved = {
        disputeId: id,
        agreementId: d.agreementId,
        datasetId: d.datasetId,
        openedBy: d.openedBy,
        against: d.against,
        category: d.category,
        outcome: input.outcome,
        ...(upheldAgainst ? { upheldAgainst } : {}),
        resolution: input.resolution,
        resolvedBy: operator.subject,
        // Trust dates the evidence at the opening, the closest to the incident that is known.
        openedAt: d.openedAt.toISOString(),
        occurredAt: now.toISOString(),
      };
      await this.governance.resolveDispute(em, data);
      await this.outbox.append(em, governanceEvent(DisputeResolvedV1, data, now));
      return { id, status: 'resolved', ...data };
    });
  }
}
