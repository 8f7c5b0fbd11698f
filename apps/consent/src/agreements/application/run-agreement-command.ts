import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from '@dx/messaging';
import {
  assertIfMatch,
  IdempotencyStore,
  type IdempotentOutcome,
  type Principal,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import type { Actor, Agreement } from '../domain/agreement';
import { AgreementStore } from '../domain/agreement-store';
import { actorFor } from './agreement-access';
import { agreementEnvelopes } from './agreement-events';
import { agreementView } from './agreement-view';
import { AGREEMENT_FOLLOW_UP, type AgreementFollowUp } from './ports';

export interface AgreementCommand {
  agreementId: string;
  principal: Principal;
  ifMatch?: string;
  idempotencyKey?: string;
  /** e.g. `accept`; scopes the idempotency key. */
  name: string;
  request: unknown;
  apply(a: Agreement, actor: Actor, now: Date, em: EntityManager): void | Promise<void>;
}

/**
 * The one way a command changes an agreement: in one transaction, lock and load it, check the
 * caller is a party (404 otherwise) and `If-Match`, apply the domain command, store the state and
 * its transitions, and append one event per transition to the outbox — with the idempotency record
 * when an `Idempotency-Key` was sent.
 */
@Injectable()
export class AgreementCommandRunner {
  constructor(
    private readonly repository: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    @Inject(AGREEMENT_FOLLOW_UP) private readonly obligations: AgreementFollowUp,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  run(cmd: AgreementCommand): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      {
        key: cmd.idempotencyKey,
        scope: `POST /agreements/${cmd.agreementId}/${cmd.name} ${cmd.principal.subject}`,
        request: cmd.request,
      },
      async (em) => {
        const a = await this.repository.load(em, cmd.agreementId);
        const actor = actorFor(a, cmd.principal);
        assertIfMatch(cmd.ifMatch, a.version);
        const now = this.clock.now();
        await cmd.apply(a, actor, now, em);
        await this.repository.save(em, a, false);
        await this.outbox.appendAll(em, [
          ...agreementEnvelopes(a),
          ...(await this.obligations.afterTransitions(em, a, now)),
        ]);
        return { status: 200, body: agreementView(a) };
      },
    );
  }
}
