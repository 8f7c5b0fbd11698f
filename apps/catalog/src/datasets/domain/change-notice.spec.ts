import { announce } from './change-notice';

const DAY = 86_400_000;
const now = new Date('2026-03-01T00:00:00Z');
const input = {
  now,
  previousEffectiveAt: new Date('2026-01-01T00:00:00Z'),
  noticePeriodMs: 14 * DAY,
  consumersMayDepend: true,
};

describe('announce', () => {
  it('flags a breaking version with less notice than the period', () => {
    const a = announce({
      ...input,
      compatibility: 'breaking',
      requestedEffectiveAt: new Date(now.getTime() + 13 * DAY),
    });
    expect(a).toEqual(expect.objectContaining({ unannounced: true, noticeSeconds: 13 * 86_400 }));
  });

  it('accepts a breaking version announced the full period ahead', () => {
    const a = announce({
      ...input,
      compatibility: 'breaking',
      requestedEffectiveAt: new Date(now.getTime() + 14 * DAY),
    });
    expect(a.unannounced).toBe(false);
  });

  it('takes a version without effectiveAt as effective now', () => {
    const a = announce({ ...input, compatibility: 'breaking' });
    expect([a.effectiveAt, a.unannounced]).toEqual([now, true]);
  });

  it('never flags compatible versions or drafts', () => {
    expect(announce({ ...input, compatibility: 'compatible' }).unannounced).toBe(false);
    expect(
      announce({ ...input, compatibility: 'breaking', consumersMayDepend: false }).unannounced,
    ).toBe(false);
  });

  it('refuses effectiveAt in the past or before the previous version', () => {
    expect(() =>
      announce({
        ...input,
        compatibility: 'compatible',
        requestedEffectiveAt: new Date(now.getTime() - DAY),
      }),
    ).toThrow(expect.objectContaining({ code: 'SCHEMA.EFFECTIVE_IN_PAST' }));
    expect(() =>
      announce({
        ...input,
        previousEffectiveAt: new Date(now.getTime() + 30 * DAY),
        compatibility: 'compatible',
        requestedEffectiveAt: new Date(now.getTime() + DAY),
      }),
    ).toThrow(expect.objectContaining({ code: 'SCHEMA.EFFECTIVE_BEFORE_PREVIOUS' }));
  });
});
