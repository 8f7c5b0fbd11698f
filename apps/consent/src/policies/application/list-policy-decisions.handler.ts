import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { assertCanRead } from '../../agreements/application/agreement-access';
import { agreementNotFound } from '../../agreements/persistence/agreement.repository';
import { AgreementStore } from '../../agreements/domain/agreement-store';
import { PolicyDecisionsQuery, type PolicyDecisionView } from '../queries/policy-decisions.query';

/** Why a request was auto-accepted, refused or queued: the rule, its inputs and the reasoning. */
@Injectable()
export class ListPolicyDecisionsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementStore<EntityManager>,
    private readonly decisions: PolicyDecisionsQuery,
  ) {}

  async execute(agreementId: string, caller: Principal): Promise<{ items: PolicyDecisionView[] }> {
    const a = await this.agreements.partiesOf(this.dataSource.manager, agreementId);
    if (!a) throw agreementNotFound(agreementId);
    assertCanRead(a, caller);
    return { items: await this.decisions.of(agreementId) };
  }
}
