import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The auto-decisions taken on an agreement, oldest first, with their inputs and reasoning. */
@Injectable()
export class PolicyDecisionsQuery {
  constructor(private readonly dataSource: DataSource) {}

  of(agreementId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT term_version AS "termVersion", outcome, rule_id AS "ruleId", policy_version AS "policyVersion",
              explanation, inputs, decided_at AS "decidedAt"
       FROM consent.policy_decisions WHERE agreement_id = $1 ORDER BY decided_at, id`,
      [agreementId],
    );
  }
}
