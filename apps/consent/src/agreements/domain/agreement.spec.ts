import fc from 'fast-check';
import { AGREEMENT_STATES, exampleAgreementTerms } from '@dx/contracts';
import { Agreement, type Actor } from './agreement';
import type { Terms } from './terms';

const DAY = 86_400_000;
const t0 = new Date('2026-03-01T00:00:00Z');
const at = (days: number): Date => new Date(t0.getTime() + days * DAY);
const provider: Actor = { subject: 'p', role: 'provider' };
const consumer: Actor = { subject: 'c', role: 'consumer' };
const operator: Actor = { subject: 'op', role: 'operator' };

const terms = (overrides: Partial<Terms> = {}): Terms => ({
  ...exampleAgreementTerms,
  validFrom: at(0).toISOString(),
  validTo: at(365).toISOString(),
  terminationNoticeDays: 30,
  ...overrides,
});

function requested(t = terms()): Agreement {
  return Agreement.request(
    { id: 'a', datasetId: 'd', providerId: 'p', consumerId: 'c' },
    consumer,
    t,
    t0,
  );
}

const events = (a: Agreement): string[] =>
  a.pending.map((p) => p.event.replace('consent.agreement.', ''));

describe('Agreement', () => {
  it('negotiates with a counter-offer to AGREED and ACTIVE at once when validFrom has come', () => {
    const a = requested();
    a.offer(provider, terms({ fields: ['district', 'people'], deliveryFrequency: 'P1D' }), at(0.1));
    a.accept(consumer, 2, at(0.2));
    expect(a.state).toBe('ACCEPTED');
    a.accept(provider, 2, at(0.3));
    expect([a.state, a.currentTermVersion]).toEqual(['ACTIVE', 2]);
    expect(events(a)).toEqual([
      'requested',
      'offered',
      'accepted',
      'accepted',
      'agreed',
      'activated',
    ]);
  });

  it('waits in AGREED until validFrom, then activates, and expires at validTo', () => {
    const a = requested(terms({ validFrom: at(10).toISOString(), validTo: at(40).toISOString() }));
    a.accept(provider, 1, at(1));
    a.accept(consumer, 1, at(2));
    expect(a.state).toBe('AGREED');
    expect(a.nextDueAt()).toEqual(at(10));
    expect(a.tick(at(9))).toBe(false);
    expect(a.tick(at(10))).toBe(true);
    expect(a.state).toBe('ACTIVE');
    a.tick(at(100));
    expect(a.state).toBe('EXPIRED');
    expect(a.pending.slice(-1)[0].at).toEqual(at(40));
  });

  it('refuses acceptance of a stale term version and a second acceptance by the same side', () => {
    const a = requested();
    a.offer(provider, terms(), at(0.1));
    expect(() => a.accept(consumer, 1, at(0.2))).toThrow(
      expect.objectContaining({ code: 'AGREEMENT.STALE_TERMS' }),
    );
    a.accept(consumer, 2, at(0.2));
    expect(() => a.accept(consumer, 2, at(0.3))).toThrow(
      expect.objectContaining({ code: 'AGREEMENT.ALREADY_ACCEPTED' }),
    );
  });

  it('lists the allowed transitions when one is invalid', () => {
    const a = requested();
    a.reject(provider, 'not for this purpose', at(1));
    expect(() => a.offer(consumer, terms(), at(2))).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        extensions: { currentState: 'REJECTED', allowedTransitions: [] },
      }),
    );
  });

  it('records short notice as a breach and terminates at the notice date', () => {
    const a = requested();
    a.accept(provider, 1, at(0));
    a.accept(consumer, 1, at(0));
    a.giveNotice(consumer, 'budget cut', at(10), at(1));
    expect(a.notice).toEqual(
      expect.objectContaining({ noticeRespected: false, requiredNoticeDays: 30 }),
    );
    a.tick(at(10));
    expect(a.state).toBe('TERMINATED');
    const b = requested();
    b.accept(provider, 1, at(0));
    b.accept(consumer, 1, at(0));
    b.giveNotice(provider, 'moving to a new platform', at(31), at(1));
    expect(b.notice?.noticeRespected).toBe(true);
  });

  it('keeps the current terms in force until both accept an amendment; a renewal must extend validTo', () => {
    const a = requested();
    a.accept(provider, 1, at(0));
    a.accept(consumer, 1, at(0));
    a.proposeChange(provider, 'amendment', terms({ fields: ['district', 'hour'] }), at(5));
    expect([a.state, a.currentTermVersion]).toEqual(['ACTIVE', 1]);
    a.accept(provider, 2, at(6));
    expect(a.currentTermVersion).toBe(1);
    a.accept(consumer, 2, at(7));
    expect(a.currentTermVersion).toBe(2);
    expect(events(a).slice(-1)).toEqual(['amended']);
    expect(() => a.proposeChange(consumer, 'renewal', terms(), at(8))).toThrow(
      expect.objectContaining({ code: 'AGREEMENT.RENEWAL_NOT_LONGER' }),
    );
    a.proposeChange(consumer, 'renewal', terms({ validTo: at(730).toISOString() }), at(8));
    a.accept(consumer, 3, at(8));
    a.accept(provider, 3, at(9));
    expect(events(a).slice(-1)).toEqual(['renewed']);
    expect(a.nextDueAt()).toEqual(at(730));
  });

  it('refuses what the terms of a running agreement exclude: notice dated in the past, a moved validFrom, an acceptance with nothing proposed', () => {
    const a = requested();
    a.accept(provider, 1, at(0));
    a.accept(consumer, 1, at(0));
    expect(() => a.giveNotice(consumer, 'budget cut', at(1), at(2))).toThrow(
      expect.objectContaining({ code: 'AGREEMENT.NOTICE_IN_PAST' }),
    );
    // Within the clock-skew allowance (five minutes) "now" is not "in the past".
    expect(() =>
      a.giveNotice(consumer, 'budget cut', new Date(at(2).getTime() - 60_000), at(2)),
    ).not.toThrow();
    const b = requested();
    b.accept(provider, 1, at(0));
    b.accept(consumer, 1, at(0));
    expect(() =>
      b.proposeChange(provider, 'amendment', terms({ validFrom: at(3).toISOString() }), at(2)),
    ).toThrow(expect.objectContaining({ code: 'AGREEMENT.VALID_FROM_FIXED' }));
    expect(() => b.accept(consumer, 2, at(2))).toThrow(
      expect.objectContaining({
        code: 'AGREEMENT.NOTHING_TO_ACCEPT',
        extensions: expect.objectContaining({ currentState: 'ACTIVE' }),
      }),
    );
  });

  it('lets only the provider or an operator suspend, and only parties negotiate', () => {
    const a = requested();
    expect(() => a.offer(operator, terms(), at(0))).toThrow(
      expect.objectContaining({ code: 'AGREEMENT.NOT_ALLOWED_FOR_ROLE' }),
    );
    a.accept(provider, 1, at(0));
    a.accept(consumer, 1, at(0));
    expect(() => a.suspend(consumer, 'x', at(1))).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    a.suspend(operator, 'investigation', at(1));
    a.resume(provider, 'cleared', at(2));
    expect(a.state).toBe('ACTIVE');
  });

  describe('property: random commands by random actors', () => {
    const actors = fc.constantFrom(provider, consumer, operator);
    const command = fc.record({
      kind: fc.constantFrom(
        'offer',
        'accept',
        'reject',
        'withdraw',
        'suspend',
        'resume',
        'notice',
        'amend',
        'renew',
        'tick',
      ),
      actor: actors,
      days: fc.double({ min: 0, max: 60, noNaN: true }),
      version: fc.integer({ min: 1, max: 6 }),
      validTo: fc.integer({ min: 30, max: 800 }),
      validFrom: fc.integer({ min: -5, max: 20 }),
    });

    it('never reaches an undefined state, never activates without both acceptances, one event per transition', () => {
      fc.assert(
        fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
          const a = requested();
          const violations: string[] = [];
          const snapshot = () =>
            JSON.stringify({
              state: a.state,
              version: a.version,
              events: a.pending.length,
              terms: a.termVersions,
              current: a.currentTermVersion,
              notice: a.notice,
            });
          let now = t0.getTime();
          for (const c of commands) {
            now += c.days * DAY;
            const when = new Date(now);
            const before = snapshot();
            const stateBefore = a.state;
            const eventsBefore = a.pending.length;
            const proposed = terms({
              validFrom: at(c.validFrom).toISOString(),
              validTo: at(c.validTo).toISOString(),
            });
            const keep = {
              ...proposed,
              validFrom: a.current?.terms.validFrom ?? proposed.validFrom,
            };
            const run: Record<typeof c.kind, () => unknown> = {
              offer: () => a.offer(c.actor, proposed, when),
              accept: () => a.accept(c.actor, c.version, when),
              reject: () => a.reject(c.actor, 'no', when),
              withdraw: () => a.withdraw(c.actor, 'no', when),
              suspend: () => a.suspend(c.actor, 'why', when),
              resume: () => a.resume(c.actor, 'ok', when),
              notice: () => a.giveNotice(c.actor, 'end', new Date(now + c.version * 7 * DAY), when),
              amend: () => a.proposeChange(c.actor, 'amendment', keep, when),
              renew: () =>
                a.proposeChange(
                  c.actor,
                  'renewal',
                  { ...keep, validTo: at(c.validTo + 900).toISOString() },
                  when,
                ),
              tick: () => a.tick(when),
            };
            try {
              run[c.kind]();
            } catch (e) {
              // A refused command is a domain error and changes nothing at all.
              if (!(e instanceof Error && 'kind' in e))
                violations.push(`${c.kind}: not a domain error: ${String(e)}`);
              if (snapshot() !== before)
                violations.push(
                  `${c.kind} by ${c.actor.role} was refused but changed the agreement`,
                );
              continue;
            }
            if (a.state !== stateBefore && a.pending.length === eventsBefore)
              violations.push(`${c.kind} moved ${stateBefore} → ${a.state} without an event`);
            if (!AGREEMENT_STATES.includes(a.state)) violations.push(`undefined state ${a.state}`);
            const current = a.current;
            if (
              ['AGREED', 'ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN'].includes(a.state) &&
              !(current?.acceptedBy.provider && current.acceptedBy.consumer)
            )
              violations.push(`${a.state} without both acceptances of the terms in force`);
          }
          // Every transition is one event, and the chain of states is unbroken.
          a.pending.forEach((t, i) => {
            if (i > 0 && t.from !== a.pending[i - 1].to)
              violations.push(`event ${i} starts from ${t.from}, not ${a.pending[i - 1].to}`);
            if (t.event === 'consent.agreement.activated') {
              const v = a.termVersions.find((tv) => tv.version === t.termVersion);
              if (!(v?.acceptedBy.provider && v.acceptedBy.consumer))
                violations.push(`activated term version ${t.termVersion} not accepted by both`);
            }
          });
          if (a.pending[a.pending.length - 1].to !== a.state)
            violations.push('last event does not end in the current state');
          expect(violations).toEqual([]);
        }),
        { numRuns: 500, seed: 20261126 },
      );
    });
  });
});
