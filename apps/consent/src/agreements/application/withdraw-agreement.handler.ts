import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { ReasonInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** A party withdraws from the negotiation. */
@Injectable()
export class WithdrawAgreementHandler {
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
      name: 'withdraw',
      request: body,
      apply: (a, actor, now) => a.withdraw(actor, body.reason, now),
    });
  }
}
