import { AGREEMENTS, DATASETS, INTERVIEWS, PARTIES, planAlmaty } from './almaty';

describe('planAlmaty', () => {
  const end = new Date('2026-11-27T12:00:00Z');
  const plan = planAlmaty({ months: 27, end });
  const actions = plan.steps.map((s) => s.action);

  it('spans 27 months in time order, ending before the moment it was planned for', () => {
    expect(plan.start.toISODate()).toBe('2024-08-27');
    const times = plan.steps.map((s) => s.at.toMillis());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(end.getTime());
  });

  it('has every beat of the story once, and every party, dataset and agreement', () => {
    const count = (kind: string) => actions.filter((a) => a.kind === kind).length;
    expect(count('register')).toBe(PARTIES.length);
    expect(count('create-dataset')).toBe(DATASETS.length);
    // Standard terms follow their dataset, which the data-space catalogue then offers.
    expect(count('standard-terms')).toBe(DATASETS.filter((d) => d.standardTerms).length);
    expect(count('standard-terms')).toBeGreaterThan(0);
    const firstStep = (kind: string, dataset: string) =>
      plan.steps.findIndex(
        (s) => s.action.kind === kind && 'dataset' in s.action && s.action.dataset === dataset,
      );
    for (const d of DATASETS.filter((x) => x.standardTerms))
      expect(firstStep('standard-terms', d.key)).toBeGreaterThan(
        firstStep('create-dataset', d.key),
      );
    expect(count('request')).toBe(AGREEMENTS.length);
    expect(count('counter')).toBe(AGREEMENTS.filter((a) => a.counter).length);
    for (const beat of ['breaking-change', 'regulation', 'open-dispute', 'resolve-dispute'])
      expect(count(beat)).toBe(1);
    expect(count('withdraw-consent')).toBe(1);
    expect(count('notice')).toBe(1);
    expect(count('define-view')).toBe(1);
  });

  it('expects exactly the deliveries it plans, with late and missed ones from the flaky providers', () => {
    const deliveries = actions.filter((a) => a.kind === 'deliver');
    const e = plan.expected;
    expect(deliveries).toHaveLength(e.fulfilled);
    expect(deliveries.filter((a) => a.kind === 'deliver' && a.timeliness === 'late')).toHaveLength(
      e.late,
    );
    expect(e.onTime + e.late).toBe(e.fulfilled);
    expect(e.onTimeRate).toBeCloseTo(e.onTime / (e.fulfilled + e.missed), 12);
    expect(e.missed).toBeGreaterThan(0);
    // The honest telecom delivers every week on time; the taxi aggregator is late or absent at times.
    const of = (key: string) =>
      deliveries.filter((a) => a.kind === 'deliver' && a.agreement === key);
    expect(
      of('presence→digital').every((a) => a.kind === 'deliver' && a.timeliness === 'on-time'),
    ).toBe(true);
    expect(of('trips→transport').some((a) => a.kind === 'deliver' && a.timeliness === 'late')).toBe(
      true,
    );
  });

  it('stops the footfall deliveries before the terminated agreement ends', () => {
    const notice = actions.find((a) => a.kind === 'notice');
    const last = actions
      .filter((a) => a.kind === 'deliver' && a.agreement === 'footfall→entrepreneurship')
      .map((a) => (a.kind === 'deliver' ? a.dueAt : ''))
      .sort()
      .pop();
    expect(notice && notice.kind === 'notice' && last! < notice.effectiveAt).toBe(true);
  });

  it('closes with 12 stakeholder interviews coded to the codebook, inside the window', () => {
    const steps = plan.steps.filter((s) => s.action.kind === 'exit-interview');
    expect(steps).toHaveLength(12);
    expect(plan.expected.interviews).toBe(12);
    expect(new Set(INTERVIEWS.map((i) => i.party))).toEqual(new Set(PARTIES.map((p) => p.key)));
    // Their coding is checked against the codebook in tools/research/demo-ground-truth.spec.ts
    // (the demo library does not depend on the contracts).
    for (const i of INTERVIEWS)
      expect(i.positive.filter((t) => i.negative.includes(t))).toEqual([]);
    // The decree is the theme most interviews name as helping (the story's ground truth).
    const themes = Object.entries(plan.expected.interviewThemes).sort(
      (a, b) => b[1].positive - a[1].positive,
    );
    expect(themes[0]).toEqual(['regulation-change', { positive: 5, negative: 0 }]);
    for (const s of steps) expect(s.at.toMillis()).toBeLessThan(plan.end.toMillis());
  });

  it('links benefits to the integrated view only after the view is defined, in any window', () => {
    const linkedIn = (months: number) => {
      const steps = planAlmaty({ months, end }).steps;
      const viewAt = steps.findIndex((x) => x.action.kind === 'define-view');
      const linked = steps.flatMap((x, i) =>
        x.action.kind === 'benefit' && x.action.onView ? [i] : [],
      );
      return { viewAt, linked };
    };
    for (const months of [1, 2, 4, 27]) {
      const { viewAt, linked } = linkedIn(months);
      for (const i of linked) expect(i).toBeGreaterThan(viewAt);
    }
    expect(linkedIn(27).linked).toHaveLength(2);
  });
});
