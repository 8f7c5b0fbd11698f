import { BusinessClock } from './business-clock';

describe('BusinessClock', () => {
  it('follows the system clock and refuses to be set without DEMO_CLOCK', () => {
    const clock = new BusinessClock();
    const before = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(() => clock.set(new Date('2024-01-01T00:00:00Z'))).toThrow(/DEMO_CLOCK/);
    expect(clock.offset).toBe(0);
  });

  it('when settable, runs on from the time it was given, and goes back on reset', () => {
    const clock = new BusinessClock(true);
    clock.set(new Date('2024-01-01T00:00:00Z'));
    const t = clock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00Z'));
    expect(t).toBeLessThan(Date.parse('2024-01-01T00:01:00Z'));
    expect(clock.offset).toBeLessThan(0);

    clock.reset();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('is one per app: setting one leaves another alone', () => {
    const a = new BusinessClock(true);
    const b = new BusinessClock(true);
    a.set(new Date('2024-01-01T00:00:00Z'));
    expect(b.offset).toBe(0);
  });
});
