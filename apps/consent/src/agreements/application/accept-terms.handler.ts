import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { AcceptInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** A party accepts the term version under negotiation, or a pending amendment or renewal. */
@Injectable()
export class AcceptTermsHandler {
  constructor(private readonly runner: AgreementCommandRunner) {}

  execute(
    id: string,
    body: AcceptInput,
    principal: Principal,
    ifMatch?: string,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.runner.run({
      agreementId: id,
      principal,
      ifMatch,
      idempotencyKey,
      name: 'accept',
      request: body,
      apply: (a, actor, now) => a.accept(actor, body.termVersion, now),
    });
  }
}
