import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Agreement } from '../../agreements/domain/agreement';
import type { DatasetFacts } from '../../datasets/persistence/dataset-replica';
import { decide, type Decision, type Sensitivity } from '../domain/decision-policy';
import type { RequestDecider } from '../../agreements/application/ports';
import { PolicyStore } from '../domain/policy-store';

/**
 * Runs the provider's policy on a new request, inside its transaction: accepts or rejects on the
 * provider's behalf (the transition names the rule) or leaves it for a person, and records the
 * decision with its inputs and explanation.
 */
@Injectable()
export class ApplyDecisionPolicy implements RequestDecider {
  constructor(private readonly policies: PolicyStore<EntityManager>) {}

  async onRequest(
    em: EntityManager,
    a: Agreement,
    dataset: DatasetFacts,
    now: Date,
  ): Promise<Decision> {
    const policy = await this.policies.policyOf(em, a.datasetId);
    const consumerTier = await this.policies.consumerTier(em, a.consumerId);
    const inputs = {
      purpose: a.latest.terms.purpose,
      consumerTier,
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
    await this.policies.recordDecision(em, {
      agreementId: a.id,
      termVersion: a.latest.version,
      decision,
      policyVersion: policy?.version ?? null,
      inputs,
      at: now,
    });
    return decision;
  }
}
