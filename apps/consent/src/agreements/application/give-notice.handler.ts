import { Injectable } from '@nestjs/common';
import type { IdempotentOutcome, Principal } from '@dx/service-kit';
import type { NoticeInput } from './terms-input';
import { AgreementCommandRunner } from './run-agreement-command';

/** A party (or an operator) gives notice; shorter than agreed is recorded as a breach. */
@Injectable()
export class GiveNoticeHandler {
  constructor(private readonly runner: AgreementCommandRunner) {}

  execute(
    id: string,
    body: NoticeInput,
    principal: Principal,
    ifMatch?: string,
    idempotencyKey?: string,
  ): Promise<IdempotentOutcome> {
    return this.runner.run({
      agreementId: id,
      principal,
      ifMatch,
      idempotencyKey,
      name: 'notice',
      request: body,
      apply: (a, actor, now) => a.giveNotice(actor, body.reason, new Date(body.effectiveAt), now),
    });
  }
}
