import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { ReasonInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** A party rejects the negotiation. */
@Injectable()
export class RejectAgreementHandler {
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
      name: 'reject',
      request: body,
      apply: (a, actor, now) => a.reject(actor, body.reason, now),
    });
  }
}
