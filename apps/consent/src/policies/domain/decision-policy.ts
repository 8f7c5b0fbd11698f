import type { TrustTier } from '@dx/contracts';

export const TIER_ORDER: TrustTier[] = ['Low', 'Provisional', 'Established', 'High'];
export const SENSITIVITY_ORDER = [
  'public',
  'internal',
  'confidential',
  'personal-aggregated',
  'personal',
] as const;
export type Sensitivity = (typeof SENSITIVITY_ORDER)[number];

/** One rule of a provider's policy; rules are tried in order and the first that matches decides. */
export interface PolicyRule {
  id: string;
  /** Purpose codes this rule covers; empty = any purpose. */
  purposes: string[];
  /** The consumer's trust tier (as consumer) must be at least this; absent = any. */
  minConsumerTier?: TrustTier;
  /** The dataset's sensitivity must be at most this; absent = any. */
  maxSensitivity?: Sensitivity;
  action: 'accept' | 'reject';
}

export interface DecisionInput {
  purpose: string;
  consumerTier: TrustTier | null;
  sensitivity: Sensitivity;
}

export interface Decision {
  outcome: 'accepted' | 'rejected' | 'queued';
  ruleId: string | null;
  /** Plain-language reasons: why each rule did or did not match, then what followed. */
  explanation: string[];
}

function why(rule: PolicyRule, input: DecisionInput): string | null {
  if (rule.purposes.length && !rule.purposes.includes(input.purpose))
    return `purpose '${input.purpose}' is not among ${rule.purposes.join(', ')}`;
  if (rule.minConsumerTier) {
    if (input.consumerTier === null)
      return `the consumer has no trust score yet (rule needs ${rule.minConsumerTier} or better)`;
    if (TIER_ORDER.indexOf(input.consumerTier) < TIER_ORDER.indexOf(rule.minConsumerTier))
      return `the consumer's tier ${input.consumerTier} is below ${rule.minConsumerTier}`;
  }
  if (
    rule.maxSensitivity &&
    SENSITIVITY_ORDER.indexOf(input.sensitivity) > SENSITIVITY_ORDER.indexOf(rule.maxSensitivity)
  )
    return `the dataset is ${input.sensitivity}, above ${rule.maxSensitivity}`;
  return null;
}

/**
 * Evaluates a provider's rules for a request. Every decision is explained (EDC users ask "why was I
 * denied?"): each rule that did not match says why, the one that matched says so, and without a
 * match the request waits for a person at the provider.
 */
export function decide(rules: PolicyRule[], input: DecisionInput): Decision {
  const explanation: string[] = [];
  for (const rule of rules) {
    const miss = why(rule, input);
    if (miss) {
      explanation.push(`rule ${rule.id} (${rule.action}) did not apply: ${miss}`);
      continue;
    }
    explanation.push(
      `rule ${rule.id} matched: ${rule.action === 'accept' ? 'accepted' : 'rejected'} automatically`,
    );
    return {
      outcome: rule.action === 'accept' ? 'accepted' : 'rejected',
      ruleId: rule.id,
      explanation,
    };
  }
  explanation.push(
    rules.length
      ? 'no rule matched: queued for the provider to decide'
      : 'the provider has no rules: queued for the provider to decide',
  );
  return { outcome: 'queued', ruleId: null, explanation };
}
