import type { CommitmentComponent, ModelConfig } from './model-config';

/** What the commitment index is computed from (counts over the windows of §9). */
export interface CommitmentInputs {
  /** Months since the participant's first agreement came into force (0 if never). */
  monthsActive: number;
  /** Renewals and expiries without renewal in the last 24 months. */
  renewed: number;
  expiredWithoutRenewal: number;
  /** Agreements of the participant that ended, and those it ended without the agreed notice. */
  exits: number;
  unilateralWithdrawals: number;
  /** Governed reads of data the participant shares or uses, over the last 30 days. */
  usesLastMonth: number;
  /** SV ∈ [0, 1]. */
  sharedValues: number;
}

export interface CommitmentComponentView {
  name: CommitmentComponent;
  value: number;
  weight: number;
  contribution: number;
  /** How the value was obtained, for the dashboard. */
  basis: string;
}

export interface CommitmentIndex {
  index: number;
  components: CommitmentComponentView[];
  modelVersion: string;
}

/**
 * The commitment index CI = Σ α_j x_j (docs/trust-model.md §9), kept apart from trust. Components
 * without a producer are left out and their weight shared out; ratios without data take the
 * neutral 0.5 (the spec's prior for renewal, applied alike to notice compliance).
 */
export function commitmentIndex(inputs: CommitmentInputs, config: ModelConfig): CommitmentIndex {
  const values: Record<CommitmentComponent, { value: number; basis: string }> = {
    tenure: {
      value: Math.min(1, inputs.monthsActive / 24),
      basis: `${inputs.monthsActive.toFixed(1)} months active / 24`,
    },
    renewal: {
      value:
        inputs.renewed + inputs.expiredWithoutRenewal === 0
          ? 0.5
          : inputs.renewed / (inputs.renewed + inputs.expiredWithoutRenewal),
      basis: `${inputs.renewed} renewed, ${inputs.expiredWithoutRenewal} expired without renewal (24 months; 0.5 with none)`,
    },
    noticeCompliance: {
      value: inputs.exits === 0 ? 0.5 : 1 - inputs.unilateralWithdrawals / inputs.exits,
      basis: `${inputs.unilateralWithdrawals} of ${inputs.exits} exits without the agreed notice (0.5 with none)`,
    },
    investment: { value: 0, basis: 'no producer yet' },
    extraRoleSharing: { value: 0, basis: 'no producer yet' },
    benefitRealised: {
      value: Math.min(1, Math.log10(1 + inputs.usesLastMonth) / 3),
      basis: `${inputs.usesLastMonth} governed reads in the last 30 days`,
    },
    sharedValues: {
      value: inputs.sharedValues,
      basis: 'share of platform-endorsed standards adopted',
    },
  };
  const active = (Object.keys(values) as CommitmentComponent[]).filter(
    (c) => !config.inactiveCommitmentComponents.includes(c),
  );
  const total = active.reduce((sum, c) => sum + config.commitmentWeights[c], 0);
  const components = active.map((name) => {
    const weight = config.commitmentWeights[name] / total;
    return { name, ...values[name], weight, contribution: weight * values[name].value };
  });
  return {
    index: components.reduce((sum, c) => sum + c.contribution, 0),
    components,
    modelVersion: config.version,
  };
}
