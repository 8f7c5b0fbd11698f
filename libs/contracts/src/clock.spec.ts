import { platformClock } from './clock';

describe('platformClock', () => {
  afterEach(() => platformClock.reset());

  it('follows the system clock until set, then runs on from the time it was given', () => {
    const before = Date.now();
    expect(platformClock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(() => platformClock.set(new Date('2024-01-01T00:00:00Z'))).toThrow(/DEMO_CLOCK/);
    expect(platformClock.offset).toBe(0);

    platformClock.allowSetting();
    platformClock.set(new Date('2024-01-01T00:00:00Z'));
    const t = platformClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00Z'));
    expect(t).toBeLessThan(Date.parse('2024-01-01T00:01:00Z'));
    expect(platformClock.offset).toBeLessThan(0);

    platformClock.reset();
    expect(Math.abs(platformClock.now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
