import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { AppError } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  IdempotencyStore,
  type IdempotentOutcome,
  type Principal,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { Agreement } from '../domain/agreement';
import { normaliseTerms } from '../domain/terms';
import { AgreementStore } from '../domain/agreement-store';
import { agreementEnvelopes } from './agreement-events';
import { agreementView } from './agreement-view';
import { ReciprocalLinkCheck } from './reciprocal-link';
import { termsFromRequest, type RequestAgreementInput } from './terms-input';
import {
  AGREEMENT_FOLLOW_UP,
  type AgreementFollowUp,
  REQUEST_DECIDER,
  type RequestDecider,
} from './ports';

/**
 * A participant (the consumer) requests a dataset under proposed terms. The provider is the
 * dataset's provider from the catalog replica; the fields are checked against its schema in force.
 */
@Injectable()
export class RequestAgreementHandler {
  constructor(
    private readonly datasets: DatasetReplica,
    private readonly repository: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    @Inject(REQUEST_DECIDER) private readonly policy: RequestDecider,
    @Inject(AGREEMENT_FOLLOW_UP) private readonly obligations: AgreementFollowUp,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reciprocal: ReciprocalLinkCheck,
  ) {}

  execute(
    input: RequestAgreementInput,
    consumer: Principal,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      // A retried request (lost answer, client timeout) answers the agreement it already opened
      // instead of opening a second negotiation for the same data.
      { key: idempotencyKey, scope: `POST /agreements ${consumer.subject}`, request: input },
      async (em) => {
        const now = this.clock.now();
        // From the replica of the catalog: a request does not depend on the catalog being up, and
        // the provider is the dataset's, never what the caller says it is.
        const dataset = await this.datasets.requestable(em, input.datasetId, now);
        if (dataset.providerId === consumer.subject) {
          throw new AppError(
            'unprocessable',
            'AGREEMENT.OWN_DATASET',
            'a provider does not request its own dataset',
            [{ path: 'datasetId', message: 'is your own dataset' }],
          );
        }
        // Terms are checked against the schema version in force now: a field that does not exist
        // cannot be agreed, and the primary key added here is in the terms both sides see.
        const terms = normaliseTerms(termsFromRequest(input), dataset.schema);
        await this.reciprocal.check(em, terms, {
          providerId: dataset.providerId,
          consumerId: consumer.subject,
        });
        const a = Agreement.request(
          {
            id: randomUUID(),
            datasetId: dataset.datasetId,
            providerId: dataset.providerId,
            consumerId: consumer.subject,
          },
          { subject: consumer.subject, role: 'consumer' },
          terms,
          now,
        );
        // Inserted first: the policy decision refers to it.
        await this.repository.save(em, a, true);
        const decision = await this.policy.onRequest(em, a, dataset, now);
        // The provider's decision policy may accept or reject at once; then the agreement moved
        // again and is saved with the move. Queued: it waits for the provider, as requested.
        if (decision.outcome !== 'queued') await this.repository.save(em, a, false);
        await this.outbox.appendAll(em, [
          ...agreementEnvelopes(a),
          ...(await this.obligations.afterTransitions(em, a, now)),
        ]);
        return { status: 201, body: agreementView(a) };
      },
    );
  }
}
