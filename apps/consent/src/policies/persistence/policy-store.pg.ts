import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrustScoreUpdatedV1, TrustTier } from '@dx/contracts';
import type { PolicyRule } from '../domain/decision-policy';
import { PolicyStore, type DecisionRecord } from '../domain/policy-store';

/** `consent.decision_policies`, `policy_decisions` and `trust_tiers`. */
@Injectable()
export class PgPolicyStore extends PolicyStore<EntityManager> {
  async policyOf(
    em: EntityManager,
    datasetId: string,
  ): Promise<{ rules: PolicyRule[]; version: number } | null> {
    const [policy] = await em.query<Array<{ rules: PolicyRule[]; version: number }>>(
      `SELECT rules, version FROM consent.decision_policies WHERE dataset_id = $1`,
      [datasetId],
    );
    return policy ?? null;
  }

  /**
   * The policy's version, locked for a change: two saves at once get versions one after the
   * other (0 before the first policy; the first save inserts).
   */
  async lockVersion(em: EntityManager, datasetId: string): Promise<number> {
    const [current] = await em.query<Array<{ version: number }>>(
      `SELECT version FROM consent.decision_policies WHERE dataset_id = $1 FOR UPDATE`,
      [datasetId],
    );
    return current?.version ?? 0;
  }

  async savePolicy(
    em: EntityManager,
    p: { datasetId: string; providerId: string; rules: PolicyRule[]; version: number; at: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO consent.decision_policies (dataset_id, provider_id, rules, version, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dataset_id) DO UPDATE SET rules = EXCLUDED.rules, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [p.datasetId, p.providerId, JSON.stringify(p.rules), p.version, p.at],
    );
  }

  /**
   * Every automatic decision with the policy version, the rule that fired, its explanation and the
   * inputs it saw, so a party can be shown exactly why a request was accepted or rejected.
   */
  async recordDecision(em: EntityManager, d: DecisionRecord): Promise<void> {
    await em.query(
      `INSERT INTO consent.policy_decisions (id, agreement_id, term_version, outcome, rule_id, policy_version, explanation, inputs, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(),
        d.agreementId,
        d.termVersion,
        d.decision.outcome,
        d.decision.ruleId,
        d.policyVersion,
        JSON.stringify(d.decision.explanation),
        JSON.stringify(d.inputs),
        d.at,
      ],
    );
  }

  /** The consumer's tier from consent's replica of `trust.score.v1`: no call to trust per request. */
  async consumerTier(em: EntityManager, participantId: string): Promise<TrustTier | null> {
    const [tier] = await em.query<Array<{ tier: TrustTier }>>(
      `SELECT tier FROM consent.trust_tiers WHERE participant_id = $1 AND role = 'consumer'`,
      [participantId],
    );
    return tier?.tier ?? null;
  }

  /** The newest computation wins: score events may arrive again, or late after a rebalance. */
  async keepTier(em: EntityManager, d: TrustScoreUpdatedV1): Promise<void> {
    await em.query(
      `INSERT INTO consent.trust_tiers (participant_id, role, tier, lower_bound, computed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (participant_id, role) DO UPDATE SET tier = EXCLUDED.tier, lower_bound = EXCLUDED.lower_bound, computed_at = EXCLUDED.computed_at
       WHERE consent.trust_tiers.computed_at <= EXCLUDED.computed_at`,
      [d.participantId, d.role, d.tier, d.lowerBound, d.computedAt],
    );
  }
}
