import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { assertCanRead } from '../../agreements/application/agreement-access';
import { agreementNotFound } from '../../agreements/persistence/agreement.repository';

/** Why a request was auto-accepted, refused or queued: the rule, its inputs and the reasoning. */
@Injectable()
export class ListPolicyDecisionsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    agreementId: string,
    caller: Principal,
  ): Promise<{ items: Array<Record<string, unknown>> }> {
    const [a] = await this.dataSource.query<
      Array<{ id: string; provider_id: string; consumer_id: string }>
    >(`SELECT id, provider_id, consumer_id FROM consent.agreements WHERE id = $1`, [agreementId]);
    if (!a) throw agreementNotFound(agreementId);
    assertCanRead({ id: a.id, providerId: a.provider_id, consumerId: a.consumer_id }, caller);
    const items = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT term_version AS "termVersion", outcome, rule_id AS "ruleId", policy_version AS "policyVersion",
              explanation, inputs, decided_at AS "decidedAt"
       FROM consent.policy_decisions WHERE agreement_id = $1 ORDER BY decided_at, id`,
      [agreementId],
    );
    return { items };
  }
}
