import { busyShare, parseProcStat, ratioAtEqualCpu } from './cpu';

// Two readings of /proc/stat as Linux 6.x writes them (per-core lines and the rest trimmed).
const before = `cpu  1000 10 300 5000 40 5 15 30 0 0
cpu0 500 5 150 2500 20 3 7 15 0 0
intr 12345`;
const after = `cpu  1600 10 500 5200 50 5 25 40 0 0
cpu0 800 5 250 2600 25 3 12 20 0 0
intr 22345`;

describe('CPU share from /proc/stat', () => {
  it('counts user, nice, system, irq, softirq and steal as busy; idle and iowait as not', () => {
    expect(parseProcStat(before)).toEqual({
      busy: 1000 + 10 + 300 + 5 + 15 + 30,
      total: 1000 + 10 + 300 + 5 + 15 + 30 + 5000 + 40,
    });
  });

  it('gives the busy share between two readings from the aggregate line only', () => {
    // busy +600 user +200 system +10 softirq +10 steal = 820; idle +200, iowait +10.
    expect(busyShare(parseProcStat(before), parseProcStat(after))).toBeCloseTo(820 / 1030, 6);
  });

  it('refuses text without the aggregate line instead of reporting an idle machine', () => {
    expect(() => parseProcStat('cpu0 1 2 3 4\nintr 5')).toThrow(/no aggregate cpu line/);
  });

  it('reports nothing busy when no time passed between the readings', () => {
    const t = parseProcStat(before);
    expect(busyShare(t, t)).toBe(0);
  });
});

describe('ratio at equal CPU use', () => {
  it('scales each rate by how busy the cores were while it ran', () => {
    // The service ran at 100/s with the cores half busy, the baseline at 400/s fully busy: given
    // the whole machine the service would do 200/s, half the baseline.
    expect(ratioAtEqualCpu({ rate: 100, busy: 0.5 }, { rate: 400, busy: 1 })).toBeCloseTo(0.5, 9);
  });

  it('says nothing when either side could not be measured or shows no work', () => {
    expect(ratioAtEqualCpu({ rate: 100, busy: undefined }, { rate: 400, busy: 1 })).toBeUndefined();
    expect(ratioAtEqualCpu({ rate: 100, busy: 0.5 }, { rate: 400, busy: 0 })).toBeUndefined();
  });
});
