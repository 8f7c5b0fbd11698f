import type { TrustScoreUpdatedV1, TrustTier } from '@dx/contracts';
import type { Decision, PolicyRule } from './decision-policy';

/** A decision taken on a request, with what it was taken from. */
export interface DecisionRecord {
  agreementId: string;
  termVersion: number;
  decision: Decision;
  policyVersion: number | null;
  inputs: Record<string, unknown>;
  at: Date;
}

/**
 * Providers' auto-decision policies (versioned per dataset), the decisions taken with their inputs,
 * and the consumers' trust tiers the rules read (a replica of `trust.score.v1`). `Tx` is the
 * caller's transaction.
 */
export abstract class PolicyStore<Tx> {
  abstract policyOf(
    tx: Tx,
    datasetId: string,
  ): Promise<{ rules: PolicyRule[]; version: number } | null>;
  /** Locks the dataset's policy row; its version, 0 when it has none yet. */
  abstract lockVersion(tx: Tx, datasetId: string): Promise<number>;
  abstract savePolicy(
    tx: Tx,
    p: { datasetId: string; providerId: string; rules: PolicyRule[]; version: number; at: Date },
  ): Promise<void>;
  abstract recordDecision(tx: Tx, d: DecisionRecord): Promise<void>;
  abstract consumerTier(tx: Tx, participantId: string): Promise<TrustTier | null>;
  /** Keeps the newest computation (the topic is compacted and may be replayed). */
  abstract keepTier(tx: Tx, score: TrustScoreUpdatedV1): Promise<void>;
}
