import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { AcceptDto } from '../api/dto/terms.dto';
import { AgreementCommandRunner } from './run-agreement-command';

/** A party accepts the term version under negotiation, or a pending amendment or renewal. */
@Injectable()
export class AcceptTermsHandler {
  constructor(private readonly runner: AgreementCommandRunner) {}

  execute(
    id: string,
    body: AcceptDto,
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
