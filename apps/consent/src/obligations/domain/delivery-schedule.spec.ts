import fc from 'fast-check';
import { exampleAgreementTerms } from '@dx/contracts';
import { planFrom, planObligation, resolveDelivery } from './delivery-schedule';

const terms = {
  ...exampleAgreementTerms,
  validFrom: '2026-01-31T00:00:00.000Z',
  validTo: '2026-06-30T00:00:00.000Z',
  deliveryFrequency: 'P1M',
  gracePeriod: 'PT6H',
};

describe('delivery schedule', () => {
  it('steps by calendar months and adds the grace period', () => {
    expect(planObligation(terms, 1)).toEqual({
      sequence: 1,
      dueAt: new Date('2026-02-28T00:00:00.000Z'),
      graceUntil: new Date('2026-02-28T06:00:00.000Z'),
    });
    expect(planObligation(terms, 3)?.dueAt).toEqual(new Date('2026-04-30T00:00:00.000Z'));
  });

  it('owes nothing past validTo', () => {
    expect(planObligation(terms, 5)?.dueAt).toEqual(new Date('2026-06-30T00:00:00.000Z'));
    expect(planObligation(terms, 6)).toBeNull();
  });

  it('finds the first slot at or after a time, also for a fine cadence far into the agreement', () => {
    expect(planFrom(terms, new Date('2026-03-15T00:00:00Z'))?.sequence).toBe(2);
    const hourly = { ...terms, deliveryFrequency: 'PT1H', validTo: '2036-01-31T00:00:00.000Z' };
    const p = planFrom(hourly, new Date('2031-01-01T10:30:00Z'))!;
    expect(p.dueAt).toEqual(new Date('2031-01-01T11:00:00.000Z'));
    expect(planObligation(hourly, p.sequence)).toEqual(p);
  });

  it('agrees with a one-by-one search for any time and cadence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('PT1H', 'PT6H', 'P1D', 'P7D', 'P1M', 'P3M'),
        fc.integer({ min: 0, max: 4 * 365 * 24 }),
        (freq, hours) => {
          const t = { ...terms, deliveryFrequency: freq, validTo: '2030-01-31T00:00:00.000Z' };
          const at = new Date(new Date(t.validFrom).getTime() + hours * 3_600_000);
          let expected = null;
          for (let k = 1; ; k++) {
            const p = planObligation(t, k);
            if (!p || p.dueAt >= at) {
              expected = p;
              break;
            }
          }
          expect(planFrom(t, at)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('measures lateness from the due time', () => {
    const o = { dueAt: new Date('2026-02-28T00:00:00Z') };
    expect(resolveDelivery(o, new Date('2026-02-27T23:00:00Z'))).toEqual({
      onTime: true,
      latenessSeconds: 0,
    });
    expect(resolveDelivery(o, new Date('2026-02-28T01:30:00Z'))).toEqual({
      onTime: false,
      latenessSeconds: 5400,
    });
  });
});
