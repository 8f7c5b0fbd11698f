import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { ReasonInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** The provider or an operator suspends an active agreement. */
@Injectable()
export class SuspendAgreementHandler {
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
      name: 'suspend',
      request: body,
      apply: (a, actor, now) => a.suspend(actor, body.reason, now),
    });
  }
}
