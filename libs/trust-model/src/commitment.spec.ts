import { commitmentIndex } from './commitment';
import { PLATFORM_MODEL, SPEC_MODEL } from './model-config';

const inputs = {
  monthsActive: 12,
  renewed: 3,
  expiredWithoutRenewal: 1,
  exits: 4,
  unilateralWithdrawals: 1,
  usesLastMonth: 99,
  sharedValues: 0.5,
};

it('weighs the seven components of docs/trust-model.md §9 with the default α', () => {
  const ci = commitmentIndex(inputs, SPEC_MODEL);
  // 0.15·0.5 + 0.20·0.75 + 0.15·0.75 + 0.15·0 + 0.10·0 + 0.15·(log10(100)/3) + 0.10·0.5
  expect(ci.index).toBeCloseTo(0.075 + 0.15 + 0.1125 + 0 + 0 + 0.1 + 0.05, 12);
  expect(ci.components.map((c) => c.name)).toHaveLength(7);
});

it('shares out the weight of components without a producer, and uses 0.5 where a ratio has no data', () => {
  const ci = commitmentIndex(
    { ...inputs, renewed: 0, expiredWithoutRenewal: 0, exits: 0 },
    PLATFORM_MODEL,
  );
  expect(ci.components.map((c) => c.name)).toEqual([
    'tenure',
    'renewal',
    'noticeCompliance',
    'benefitRealised',
    'sharedValues',
  ]);
  expect(ci.components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
  expect(ci.components.find((c) => c.name === 'renewal')!.value).toBe(0.5);
  expect(ci.components.find((c) => c.name === 'noticeCompliance')!.value).toBe(0.5);
  expect(ci.index).toBeCloseTo(
    (0.15 * 0.5 + 0.2 * 0.5 + 0.15 * 0.5 + 0.15 * (2 / 3) + 0.1 * 0.5) / 0.75,
    12,
  );
});
