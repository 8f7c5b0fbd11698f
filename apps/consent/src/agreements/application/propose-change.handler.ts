import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import { DatasetReplica } from '../../datasets/persistence/dataset-replica';
import { normaliseTerms } from '../domain/terms';
import { AgreementCommandRunner } from './run-agreement-command';
import { ReciprocalLinkCheck } from './reciprocal-link';
import { termsFromChange, type TermsChangeInput } from './terms-input';

/** Amendment or renewal of a running agreement: a new term version over the terms in force. */
@Injectable()
export class ProposeChangeHandler {
  constructor(
    private readonly runner: AgreementCommandRunner,
    private readonly datasets: DatasetReplica,
    private readonly reciprocal: ReciprocalLinkCheck,
  ) {}

  execute(
    kind: 'amendment' | 'renewal',
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
      name: kind === 'amendment' ? 'amendments' : 'renewals',
      request: change,
      apply: async (a, actor, now, em) => {
        // Present: the agreement was requested against this replica row, and the replica keeps
        // a dataset for good (a withdrawal changes its status, nothing deletes it).
        const facts = await this.datasets.facts(em, a.datasetId, now);
        // Over the terms in force, not a pending proposal: an amendment names what changes from
        // what both sides agreed, and is checked against the schema in force today.
        const base = (a.current ?? a.latest).terms;
        const terms = normaliseTerms(termsFromChange(base, change), facts!.schema);
        await this.reciprocal.check(em, terms, a);
        a.proposeChange(actor, kind, terms, now);
      },
    });
  }
}
