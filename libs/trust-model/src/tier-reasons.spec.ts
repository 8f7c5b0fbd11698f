import { PLATFORM_MODEL as MODEL } from './model-config';
import { tierReasons } from './tier-reasons';

/*
 * The reasons follow tierOf's rules in order (docs/trust-model.md §6); each case below is a
 * participant a city official asked about, with the figures the reason must carry.
 */
const base = { capsApplied: [], tierGuards: [] };

it('says too little evidence for a reliable newcomer, with how much there is and is needed', () => {
  expect(
    tierReasons({ ...base, score: 0.85, uncertainty: 0.3, evidenceTotal: 3.21 }, MODEL),
  ).toEqual([
    { code: 'evidence-below-floor', values: { evidenceTotal: 3.21, floor: MODEL.evidenceFloor } },
  ]);
});

it('says the uncertainty is too high before any threshold of score', () => {
  expect(tierReasons({ ...base, score: 0.9, uncertainty: 0.5, evidenceTotal: 40 }, MODEL)).toEqual([
    {
      code: 'uncertainty-above-limit',
      values: { uncertainty: 0.5, limit: MODEL.tiers.provisionalAboveUncertainty },
    },
  ]);
});

it('names the tier met and the thresholds it was measured against', () => {
  expect(
    tierReasons({ ...base, score: 0.7123, uncertainty: 0.2, evidenceTotal: 40 }, MODEL),
  ).toEqual([
    {
      code: 'meets-tier',
      values: {
        tier: 'Established',
        score: 0.712,
        minScore: MODEL.tiers.established.minScore,
        uncertainty: 0.2,
        maxUncertainty: MODEL.tiers.established.maxUncertainty,
      },
    },
  ]);
  expect(
    tierReasons({ ...base, score: 0.9, uncertainty: 0.1, evidenceTotal: 80 }, MODEL)[0].values.tier,
  ).toBe('High');
});

it('explains Low, and a cap and a guard on top of the tier rule', () => {
  const r = tierReasons(
    {
      score: 0.4,
      uncertainty: 0.2,
      evidenceTotal: 40,
      capsApplied: [
        {
          kind: 'integrity',
          cap: 0.4,
          eventId: 'e1',
          occurredAt: '2026-01-01T00:00:00Z',
          until: '2026-07-01T00:00:00Z',
        },
      ],
      tierGuards: [
        {
          kind: 'recent-reliability',
          maxTier: 'Low',
          recentP: 0.41234,
          minP: 0.5,
          halfLifeDays: 10,
        },
      ],
    },
    MODEL,
  );
  expect(r.map((x) => x.code)).toEqual([
    'below-established',
    'integrity-cap',
    'recent-reliability-guard',
  ]);
  expect(r[1].values).toEqual({ cap: 0.4, until: '2026-07-01T00:00:00Z' });
  expect(r[2].values).toEqual({ maxTier: 'Low', recentP: 0.412, minP: 0.5 });
});

it('keeps a capped score that would be High at Established, and says why', () => {
  const r = tierReasons(
    {
      score: 0.85,
      uncertainty: 0.1,
      evidenceTotal: 80,
      capsApplied: [
        {
          kind: 'integrity',
          cap: 0.85,
          eventId: 'e1',
          occurredAt: '2026-01-01T00:00:00Z',
          until: '2026-07-01T00:00:00Z',
        },
      ],
      tierGuards: [],
    },
    MODEL,
  );
  expect(r.map((x) => [x.code, x.values.tier])).toEqual([
    ['meets-tier', 'Established'],
    ['integrity-cap', undefined],
  ]);
});
