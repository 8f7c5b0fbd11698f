import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One auto-decision: the rule that decided (none: queued for a person), its inputs and why. */
export interface PolicyDecisionView {
  termVersion: number;
  outcome: 'accepted' | 'rejected' | 'queued';
  ruleId: string | null;
  policyVersion: number | null;
  explanation: string[];
  inputs: Record<string, unknown>;
  decidedAt: string;
}

/** The auto-decisions taken on an agreement, oldest first, with their inputs and reasoning. */
@Injectable()
export class PolicyDecisionsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async of(agreementId: string): Promise<PolicyDecisionView[]> {
    const rows = await this.dataSource.query<
      Array<Omit<PolicyDecisionView, 'decidedAt'> & { decidedAt: Date }>
    >(
      `SELECT term_version AS "termVersion", outcome, rule_id AS "ruleId", policy_version AS "policyVersion",
              explanation, inputs, decided_at AS "decidedAt"
       FROM consent.policy_decisions WHERE agreement_id = $1 ORDER BY decided_at, id`,
      [agreementId],
    );
    return rows.map((r) => ({ ...r, decidedAt: r.decidedAt.toISOString() }));
  }
}
