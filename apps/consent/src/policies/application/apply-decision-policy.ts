import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { TrustTier } from '@dx/contracts';
import type { Agreement } from '../../agreements/domain/agreement';
import type { DatasetFacts } from '../../datasets/persistence/dataset-replica';
import {
  decide,
  type Decision,
  type PolicyRule,
  type Sensitivity,
} from '../domain/decision-policy';
import type { RequestDecider } from '../../agreements/application/ports';

/**
 * Runs the provider's policy on a new request, inside its transaction: accepts or rejects on the
 * provider's behalf (the transition names the rule) or leaves it for a person, and records the
 * decision with its inputs and explanation.
 */
@Injectable()
export class ApplyDecisionPolicy implements RequestDecider {
  async onRequest(
    em: EntityManager,
    a: Agreement,
    dataset: DatasetFacts,
    now: Date,
  ): Promise<Decision> {
    const [policy] = await em.query<Array<{ rules: PolicyRule[]; version: number }>>(
      `SELECT rules, version FROM consent.decision_policies WHERE dataset_id = $1`,
      [a.datasetId],
    );
    const [tier] = await em.query<Array<{ tier: TrustTier }>>(
      `SELECT tier FROM consent.trust_tiers WHERE participant_id = $1 AND role = 'consumer'`,
      [a.consumerId],
    );
    const inputs = {
      purpose: a.latest.terms.purpose,
      consumerTier: tier?.tier ?? null,
      sensitivity: dataset.sensitivity as Sensitivity,
    };
    const decision = decide(policy?.rules ?? [], inputs);
    const provider = { subject: a.providerId, role: 'provider' as const };
    const reason = `decision policy v${policy?.version ?? 0}, rule ${decision.ruleId ?? '-'}`;
    if (decision.outcome === 'accepted') a.accept(provider, a.latest.version, now, reason);
    if (decision.outcome === 'rejected')
      a.reject(
        provider,
        `${reason}: ${decision.explanation[decision.explanation.length - 1]}`,
        now,
      );
    await em.query(
      `INSERT INTO consent.policy_decisions (id, agreement_id, term_version, outcome, rule_id, policy_version, explanation, inputs, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(),
        a.id,
        a.latest.version,
        decision.outcome,
        decision.ruleId,
        policy?.version ?? null,
        JSON.stringify(decision.explanation),
        JSON.stringify(inputs),
        now,
      ],
    );
    return decision;
  }
}
