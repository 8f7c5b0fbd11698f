import { Injectable } from '@nestjs/common';
import type { Principal } from '@dx/service-kit';
import { assertCanRead } from '../../agreements/application/agreement-access';
import { agreementNotFound } from '../../agreements/persistence/agreement.repository';
import { AgreementPartiesQuery } from '../../agreements/queries/agreement-parties.query';
import { PolicyDecisionsQuery } from '../queries/policy-decisions.query';

/** Why a request was auto-accepted, refused or queued: the rule, its inputs and the reasoning. */
@Injectable()
export class ListPolicyDecisionsHandler {
  constructor(
    private readonly parties: AgreementPartiesQuery,
    private readonly decisions: PolicyDecisionsQuery,
  ) {}

  async execute(
    agreementId: string,
    caller: Principal,
  ): Promise<{ items: Array<Record<string, unknown>> }> {
    const a = await this.parties.of(agreementId);
    if (!a) throw agreementNotFound(agreementId);
    assertCanRead(a, caller);
    return { items: await this.decisions.of(agreementId) };
  }
}
