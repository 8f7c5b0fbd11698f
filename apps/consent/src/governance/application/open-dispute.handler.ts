import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, DisputeOpenedV1, type DisputeOpenedV1 as DisputeOpened } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  IdempotencyStore,
  type IdempotentOutcome,
  type Principal,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import { actorFor } from '../../agreements/application/agreement-access';
import { AgreementStore } from '../../agreements/domain/agreement-store';
import { GovernanceStore } from '../domain/governance-store';
import type { OpenDisputeInput } from './governance-inputs';
import { governanceEvent } from './governance-events';

/** A party opens a dispute about its agreement; it is against the other party. */
@Injectable()
export class OpenDisputeHandler {
  constructor(
    private readonly agreements: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(
    input: OpenDisputeInput,
    caller: Principal,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      { key: idempotencyKey, scope: `POST /disputes ${caller.subject}`, request: input },
      async (em) => {
        // Not locked: opening a dispute changes nothing on the agreement itself.
        const found = await this.agreements.find(em, input.agreementId);
        if (!found)
          throw new AppError('unprocessable', 'DISPUTE.UNKNOWN_AGREEMENT', 'no such agreement', [
            { path: 'agreementId', message: 'no agreement with this id is yours' },
          ]);
        const a = found.agreement;
        const actor = actorFor(a, caller);
        if (actor.role !== 'provider' && actor.role !== 'consumer')
          throw new AppError(
            'forbidden',
            'DISPUTE.NOT_A_PARTY',
            'only a party to the agreement opens a dispute',
          );
        // Only agreed terms are a commitment to hold a party to: a negotiation can be walked
        // away from, not disputed.
        if (a.currentTermVersion === null)
          throw new AppError(
            'conflict',
            'DISPUTE.NO_COMMITMENT',
            'there is no agreed commitment to dispute yet',
            [],
            { currentState: a.state, allowedTransitions: [] },
          );
        const now = this.clock.now();
        const data: DisputeOpened = {
          disputeId: randomUUID(),
          agreementId: a.id,
          datasetId: a.datasetId,
          openedBy: caller.subject,
          against: actor.role === 'provider' ? a.consumerId : a.providerId,
          category: input.category as DisputeOpened['category'],
          description: input.description,
          occurredAt: now.toISOString(),
        };
        // Trust shows it as pending and counts it only once resolved as upheld (docs/trust-model.md §8).
        await this.governance.addDispute(em, data);
        await this.outbox.append(em, governanceEvent(DisputeOpenedV1, data, now));
        return { status: 201, body: { id: data.disputeId, ...data, status: 'open' } };
      },
    );
  }
}
