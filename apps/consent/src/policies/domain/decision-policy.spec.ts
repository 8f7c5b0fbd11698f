import { decide, type PolicyRule } from './decision-policy';

const rules: PolicyRule[] = [
  { id: 'no-marketing', purposes: ['economic-analysis'], action: 'reject' },
  {
    id: 'planning',
    purposes: ['urban-planning', 'public-transport-planning'],
    minConsumerTier: 'Established',
    maxSensitivity: 'internal',
    action: 'accept',
  },
];

describe('decide', () => {
  it('accepts by the first matching rule and says which', () => {
    const d = decide(rules, {
      purpose: 'urban-planning',
      consumerTier: 'High',
      sensitivity: 'public',
    });
    expect(d).toEqual({
      outcome: 'accepted',
      ruleId: 'planning',
      explanation: [
        "rule no-marketing (reject) did not apply: purpose 'urban-planning' is not among economic-analysis",
        'rule planning matched: accepted automatically',
      ],
    });
  });

  it.each([
    [
      {
        purpose: 'urban-planning',
        consumerTier: 'Provisional' as const,
        sensitivity: 'public' as const,
      },
      'tier Provisional is below Established',
    ],
    [
      { purpose: 'urban-planning', consumerTier: null, sensitivity: 'public' as const },
      'no trust score yet',
    ],
    [
      {
        purpose: 'urban-planning',
        consumerTier: 'High' as const,
        sensitivity: 'personal' as const,
      },
      'the dataset is personal, above internal',
    ],
  ])('queues for a person when no rule matches, saying why (%#)', (input, reason) => {
    const d = decide(rules, input);
    expect(d.outcome).toBe('queued');
    expect(d.explanation.join(' | ')).toContain(reason);
  });

  it('rejects by rule and queues without rules', () => {
    expect(
      decide(rules, { purpose: 'economic-analysis', consumerTier: 'High', sensitivity: 'public' })
        .outcome,
    ).toBe('rejected');
    expect(
      decide([], { purpose: 'urban-planning', consumerTier: 'High', sensitivity: 'public' }),
    ).toEqual(expect.objectContaining({ outcome: 'queued', ruleId: null }));
  });
});
