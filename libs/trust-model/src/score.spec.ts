import fc from 'fast-check';
import { betaCdf } from './beta';
import { addEvidence, advance, DAY_MS, EMPTY } from './decay';
import { evidenceOf, type Evidence } from './evidence';
import { SPEC_MODEL, PLATFORM_MODEL, type Dimension } from './model-config';
import { capShares, opinion, scoreEvidence, totalsAt } from './score';
import { explain } from './explanation';
import { EXAMPLE_AS_OF, violation, workedExample } from './worked-example';

/*
 * docs/trust-model.md §13 as golden tests (tolerance 1e-3), and the properties §13 asks for.
 */
const at = EXAMPLE_AS_OF;
const score = (evidence: Evidence[], baseRate = 0.5) =>
  scoreEvidence(evidence, { role: 'provider', baseRate, asOf: at, config: SPEC_MODEL });
const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 2.6);

describe('the worked example (§13)', () => {
  const s = score(workedExample());
  const dim = (name: Dimension) => s.dimensions.find((d) => d.name === name)!;

  it.each([
    ['reliability', 12.85, 1.18, 0.802, 0.074, 0.125, 0.864, 0.705, 0.216],
    ['quality', 12.45, 0.65, 0.824, 0.043, 0.132, 0.89, 0.739, 0.178],
    ['communication', 1.45, 1.47, 0.295, 0.299, 0.407, 0.498, 0.161, 0.075],
    ['integrity', 5.08, 0, 0.718, 0, 0.282, 0.859, 0.611, 0.172],
    ['availability', 42.04, 1.05, 0.932, 0.023, 0.044, 0.954, 0.895, 0.095],
    ['fitness', 1.42, 0.47, 0.365, 0.122, 0.513, 0.622, 0.228, 0.062],
  ] as const)('%s: r %f s %f b %f d %f u %f P %f L %f w·P %f', (name, r, sv, b, d, u, P, L, wP) => {
    const x = dim(name);
    expect(Math.abs(x.r - r)).toBeLessThan(0.01); // the table rounds r and s to 2 decimals
    expect(Math.abs(x.s - sv)).toBeLessThan(0.01);
    close(x.b, b);
    close(x.d, d);
    close(x.u, u);
    close(x.P, P);
    close(x.lowerBound, L);
    close(x.contribution, wP);
  });

  it('combines to T 0.798, U 0.231, L 0.583, evidence 80.1, tier Established', () => {
    close(s.score, 0.798);
    close(s.uncertainty, 0.231);
    close(s.lowerBound, 0.583);
    expect(s.evidenceTotal).toBeCloseTo(80.1, 1);
    expect(s.tier).toBe('Established');
    expect(s.capsApplied).toEqual([]);
  });

  it('gives the counterfactuals: no unannounced change; the missed delivery kept on time', () => {
    const all = workedExample();
    const i = all.findIndex((e) => e.eventType === 'consent.obligation.change-unannounced');
    const noChange = score([...all.slice(0, i), ...all.slice(i + 1)]);
    close(noChange.dimensions.find((d) => d.name === 'communication')!.P, 0.71);
    close(noChange.score - s.score, 0.032);
    // A scheduled delivery is a fixed unit: its counterfactual is the delivery on time (§8).
    const kept = all.map((e) =>
      e.eventType === 'consent.obligation.delivery-missed' ? { ...e, ...evidenceOf(1, 1) } : e,
    );
    const onTime = score(kept);
    close(onTime.dimensions.find((d) => d.name === 'reliability')!.P, 0.922);
    close(onTime.score - s.score, 0.014);
  });

  it('caps the score at 0.40 after a confirmed violation (integrity P 0.360, T 0.698 before)', () => {
    const capped = score([...workedExample(), violation()]);
    close(capped.dimensions.find((d) => d.name === 'integrity')!.P, 0.36);
    close(capped.uncapped, 0.698);
    expect(capped.score).toBe(0.4);
    expect(capped.lowerBound).toBeLessThanOrEqual(0.4);
    expect(capped.capsApplied).toEqual([expect.objectContaining({ kind: 'integrity', cap: 0.4 })]);
    expect(capped.tier).toBe('Low');
    // 180 days on, the cap has lapsed; the violation still weighs (slow negative decay).
    const later = scoreEvidence([...workedExample(), violation()], {
      role: 'provider',
      baseRate: 0.5,
      asOf: new Date(at.getTime() + 161 * DAY_MS),
      config: SPEC_MODEL,
    });
    expect(later.capsApplied).toEqual([]);
    expect(later.score).toBeGreaterThan(0.4);
  });

  it.each([
    [0.5, 0.5, 0.05],
    [0.4, 0.4, 0.019],
    [0.6, 0.6, 0.1],
  ])('scores a newcomer with base rate %f at P %f, u 1, L %f', (a, P, L) => {
    const n = score([], a);
    close(n.score, P);
    close(n.uncertainty, 1);
    close(n.lowerBound, L);
    expect(n.tier).toBe('Provisional');
  });

  it('matches the spec’s lower bounds for (8,2), (80,20), (3,0)', () => {
    for (const [r, sv, P, L] of [
      [8, 2, 0.75, 0.53],
      [80, 20, 0.79, 0.73],
      [3, 0, 0.8, 0.47],
    ]) {
      const o = opinion(r, sv, 0.5, 2, 0.05);
      expect(o.P).toBeCloseTo(P, 2);
      expect(o.lowerBound).toBeCloseTo(L, 2);
      // The quantile really is one: the distribution function gives back 5 % there.
      expect(betaCdf(o.lowerBound, r + 1, sv + 1)).toBeCloseTo(0.05, 6);
    }
  });

  it('shares an inactive dimension’s weight out (availability on the platform model)', () => {
    const p = scoreEvidence(workedExample(), {
      role: 'provider',
      baseRate: 0.5,
      asOf: at,
      config: PLATFORM_MODEL,
    });
    expect(p.dimensions.map((d) => d.name)).not.toContain('availability');
    expect(p.dimensions.reduce((sum, d) => sum + d.weight, 0)).toBeCloseTo(1, 12);
    close(p.dimensions.find((d) => d.name === 'reliability')!.weight, 0.25 / 0.9);
  });
});

const evidenceArb = fc.record({
  dimension: fc.constantFrom<Dimension>(
    'reliability',
    'quality',
    'communication',
    'integrity',
    'availability',
    'fitness',
  ),
  v: fc.double({ min: -1, max: 1, noNaN: true }),
  w: fc.double({ min: 0.01, max: 10, noNaN: true }),
  ageDays: fc.double({ min: 0, max: 800, noNaN: true }),
});

function rows(specs: Array<{ dimension: Dimension; v: number; w: number; ageDays: number }>) {
  return specs.map((x, i): Evidence => ({
    eventId: `e${i}`,
    eventType: 'test',
    participantId: 'p',
    role: 'provider',
    counterpartyId: null,
    agreementId: null,
    dimension: x.dimension,
    ...evidenceOf(x.v, x.w),
    occurredAt: new Date(at.getTime() - x.ageDays * DAY_MS),
    ruleVersion: 'test',
    reasonKey: 'test',
    params: {},
  }));
}

describe('properties (§13)', () => {
  it('keeps every output in [0, 1] with b + d + u = 1', () => {
    fc.assert(
      fc.property(
        fc.array(evidenceArb, { maxLength: 40 }),
        fc.double({ min: 0.4, max: 0.6, noNaN: true }),
        (specs, a) => {
          const s = score(rows(specs), a);
          for (const x of [s.score, s.lowerBound, s.uncertainty])
            expect(x >= 0 && x <= 1).toBe(true);
          for (const d of s.dimensions) {
            expect(d.b + d.d + d.u).toBeCloseTo(1, 12);
            for (const x of [d.b, d.d, d.u, d.P, d.lowerBound]) expect(x >= 0 && x <= 1).toBe(true);
          }
        },
      ),
    );
  });

  it('is monotone non-decreasing in positive evidence', () => {
    fc.assert(
      fc.property(fc.array(evidenceArb, { maxLength: 30 }), evidenceArb, (specs, extra) => {
        const before = score(rows(specs));
        const after = score(rows([...specs, { ...extra, v: 1 }]));
        const d = (s: typeof before) => s.dimensions.find((x) => x.name === extra.dimension)!;
        expect(d(after).P).toBeGreaterThanOrEqual(d(before).P - 1e-12);
      }),
    );
  });

  it('does not depend on the order of events', () => {
    fc.assert(
      fc.property(fc.array(evidenceArb, { maxLength: 30 }), fc.integer(), (specs, seed) => {
        const list = rows(specs);
        const shuffled = [...list].sort(
          (x, y) =>
            ((x.eventId.length * seed) % 7) - ((y.eventId.length * seed) % 7) ||
            (seed % 2 ? 1 : -1),
        );
        expect(score(shuffled).score).toBeCloseTo(score(list).score, 12);
      }),
    );
  });

  it('gives the same totals by lazy decay, event by event in any order, as by full recomputation', () => {
    fc.assert(
      fc.property(fc.array(evidenceArb, { minLength: 1, maxLength: 30 }), (specs) => {
        const list = rows(specs);
        const full = totalsAt(list, 'provider', at, SPEC_MODEL);
        for (const dim of new Set(list.map((e) => e.dimension))) {
          const h = SPEC_MODEL.halfLifeDays[dim];
          // Arrival order: newest first, so every later arrival is a "late" event.
          let state = EMPTY(new Date(at.getTime() - 900 * DAY_MS));
          for (const e of list.filter((x) => x.dimension === dim).reverse())
            state = addEvidence(state, e, h);
          state = advance(state, at, h);
          expect(state.r).toBeCloseTo(full.get(dim)!.r, 9);
          expect(state.s).toBeCloseTo(full.get(dim)!.s, 9);
        }
      }),
    );
  });
});

describe('the explanation (§12) of the worked example', () => {
  const x = explain(workedExample(), {
    participantId: 'provider-x',
    role: 'provider',
    baseRate: 0.5,
    asOf: at,
    config: SPEC_MODEL,
    pending: [
      {
        eventId: 'd-1',
        type: 'consent.governance.dispute-opened',
        openedAt: at.toISOString(),
        note: 'alleged late deletion – not counted until resolved',
      },
    ],
  });

  it('names the unannounced change and the missed delivery as the largest negatives, with their effect', () => {
    expect(x.topNegative.slice(0, 2).map((e) => [e.type, e.dimension])).toEqual([
      ['consent.obligation.change-unannounced', 'communication'],
      ['consent.obligation.delivery-missed', 'reliability'],
    ]);
    close(x.topNegative[0].deltaScore, -0.032);
    close(x.topNegative[1].deltaScore, -0.014);
    expect(x.topNegative[0].reason).toBe(
      'Change detected without prior announcement (required notice 14 days).',
    );
    expect(x.howToImprove[0]).toBe(
      'Announce changes at least 14 days ahead (communication P 0.50 → 0.71 had this change been announced).',
    );
  });

  it('lists positives, pending allegations (not counted), the model version and 90-day trends', () => {
    expect(x.topPositive.length).toBe(3);
    expect(x.topPositive.every((e) => e.deltaScore > 0)).toBe(true);
    expect(x.pending).toHaveLength(1);
    close(x.score, 0.798);
    expect(x.modelVersion).toBe('trust-1.0.0');
    expect(x.dimensions.map((d) => typeof d.trend90d)).toEqual(Array(6).fill('number'));
  });

  it('credits removing a cap to the violation that caused it', () => {
    const capped = explain([...workedExample(), violation()], {
      participantId: 'provider-x',
      role: 'provider',
      baseRate: 0.5,
      asOf: at,
      config: SPEC_MODEL,
    });
    expect(capped.topNegative[0]).toMatchObject({
      type: 'consent.governance.dispute-resolved',
      dimension: 'integrity',
    });
    close(capped.topNegative[0].deltaScore, 0.4 - 0.798);
  });
});

describe('the per-counterparty share cap (§8)', () => {
  const cap = PLATFORM_MODEL.counterpartyShareCap!;
  const by = (entries: Array<[string, number, number]>) =>
    new Map(entries.map(([c, r, s]) => [c, { r, s }]));

  it('scales a dominant counterparty down to the others’ evidence, keeping its r : s ratio', () => {
    const capped: Array<[string, number, number]> = [];
    const t = capShares(
      by([
        ['a', 80, 10],
        ['b', 25, 5],
      ]),
      PLATFORM_MODEL,
      (c, share, k) => capped.push([c, share, k]),
    );
    // a counted as 30 (b's evidence), 8 : 1 as before: r 26.67 + 25, s 3.33 + 5.
    expect(t.r).toBeCloseTo(80 / 3 + 25, 12);
    expect(t.s).toBeCloseTo(10 / 3 + 5, 12);
    expect(capped).toEqual([['a', 0.75, 1 / 3]]);
  });

  it('lets a counterparty keep the floor when the others have little to say', () => {
    const t = capShares(
      by([
        ['a', 90, 0],
        ['b', 5, 0],
      ]),
      PLATFORM_MODEL,
    );
    expect(t.r).toBeCloseTo(cap.minEvidence + 5, 12);
  });

  it('leaves a sole counterparty and the platform’s own evidence alone', () => {
    expect(capShares(by([['a', 90, 3]]), PLATFORM_MODEL)).toEqual({ r: 90, s: 3 });
    expect(
      capShares(
        by([
          ['a', 90, 3],
          ['', 10, 0],
        ]),
        PLATFORM_MODEL,
      ),
    ).toEqual({ r: 100, s: 3 });
    const off = { ...PLATFORM_MODEL, counterpartyShareCap: null };
    expect(
      capShares(
        by([
          ['a', 90, 0],
          ['b', 1, 0],
        ]),
        off,
      ),
    ).toEqual({ r: 91, s: 0 });
  });

  it('never counts one of several counterparties above max(everyone else, the floor)', () => {
    const side = fc.tuple(
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc.double({ min: 0, max: 500, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(side, { minLength: 2, maxLength: 6 }), (sides) => {
        const entries = sides.map(([r, s], i): [string, number, number] => [`c${i}`, r, s]);
        const total = entries.reduce((n, [, r, s]) => n + r + s, 0);
        const counted = new Map<string, number>();
        const t = capShares(by(entries), PLATFORM_MODEL, (c, _share, k) => counted.set(c, k));
        for (const [c, r, s] of entries) {
          const own = (r + s) * (counted.get(c) ?? 1);
          expect(own).toBeLessThanOrEqual(Math.max(total - r - s, cap.minEvidence) + 1e-9);
        }
        expect(t.r + t.s).toBeLessThanOrEqual(total + 1e-9);
      }),
    );
  });

  it('bounds what a colluding partner adds, and explains the cap it applied', () => {
    const honest = workedExample(); // one consumer: not capped (the golden values above)
    const colluder = Array.from({ length: 200 }, (_, i): Evidence => ({
      ...honest[0],
      eventId: `collude-${i}`,
      counterpartyId: 'consumer-z',
      dimension: 'fitness',
      ...evidenceOf(1, 1),
      occurredAt: new Date(at.getTime() - (i % 30) * DAY_MS),
    }));
    const p = { role: 'provider' as const, baseRate: 0.5, asOf: at, config: PLATFORM_MODEL };
    const alone = scoreEvidence(honest, p);
    const flooded = scoreEvidence([...honest, ...colluder], p);
    const fitness = (x: typeof alone) => x.dimensions.find((d) => d.name === 'fitness')!;
    // 200 five-star ratings count as max(the honest consumer's fitness evidence, 20) at most.
    expect(fitness(flooded).r + fitness(flooded).s).toBeLessThanOrEqual(
      fitness(alone).r + fitness(alone).s + cap.minEvidence + 1e-9,
    );
    const x = explain([...honest, ...colluder], { ...p, participantId: 'p' });
    expect(x.sharesCapped).toEqual([
      expect.objectContaining({ dimension: 'fitness', counterpartyId: 'consumer-z' }),
    ]);
    expect(x.score).toBeCloseTo(flooded.score, 12);
  });
});
