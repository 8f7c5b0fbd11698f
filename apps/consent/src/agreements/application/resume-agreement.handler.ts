import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { ReasonInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** The provider or an operator resumes a suspended agreement. */
@Injectable()
export class ResumeAgreementHandler {
  constructor(private readonly runner: AgreementCommandRunner) {}

  execute(
    id: string,
    body: ReasonInput,
    principal: Principal,
    ifMatch?: string,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.runner.run({
      agreementId: id,
      principal,
      ifMatch,
      idempotencyKey,
      name: 'resume',
      request: body,
      apply: (a, actor, now) => a.resume(actor, body.reason, now),
    });
  }
}
