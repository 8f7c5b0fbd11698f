import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { ReasonDto } from '../api/dto/terms.dto';
import { AgreementCommandRunner } from './run-agreement-command';

/** The provider or an operator suspends an active agreement. */
@Injectable()
export class SuspendAgreementHandler {
  constructor(private readonly runner: AgreementCommandRunner) {}

  execute(
    id: string,
    body: ReasonDto,
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
