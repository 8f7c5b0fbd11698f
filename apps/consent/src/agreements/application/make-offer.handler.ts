import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { normaliseTerms } from '../domain/terms';
import { AgreementCommandRunner } from './run-agreement-command';
import { ReciprocalLinkCheck } from './reciprocal-link';
import { termsFromChange, type TermsChangeInput } from './terms-input';

/** A (counter-)offer during negotiation: the named changes over the latest term version. */
@Injectable()
export class MakeOfferHandler {
  constructor(
    private readonly runner: AgreementCommandRunner,
    private readonly datasets: DatasetReplica,
    private readonly reciprocal: ReciprocalLinkCheck,
  ) {}

  execute(
    id: string,
    change: TermsChangeInput,
    principal: Principal,
    ifMatch?: string,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.runner.run({
      agreementId: id,
      principal,
      ifMatch,
      idempotencyKey,
      name: 'offers',
      request: change,
      apply: async (a, actor, now, em) => {
        const facts = await this.datasets.facts(em, a.datasetId, now);
        // Over the latest version on the table (during negotiation nothing is in force yet), so a
        // counter-offer names only what it changes in the other side's last offer.
        const terms = normaliseTerms(termsFromChange(a.latest.terms, change), facts!.schema);
        await this.reciprocal.check(em, terms, a);
        a.offer(actor, terms, now);
      },
    });
  }
}
