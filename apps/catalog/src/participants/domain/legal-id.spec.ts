import { isValidLegalId, withCheckDigit } from './legal-id';

describe('Kazakh BIN/IIN check digit', () => {
  it('accepts numbers whose first-pass check digit matches', () => {
    // 1..11 weights: 9*1+9*2+0*3+1*4+4*5+0*6+0*7+0*8+1*9+5*10+6*11 = 176 → 176 mod 11 = 0
    expect(isValidLegalId('990140001560')).toBe(true);
    expect(isValidLegalId('990140001561')).toBe(false);
  });

  it('uses the second weight pass when the first gives 10', () => {
    // first pass over 0000000001 9: 1*10 + 9*11 = 109, mod 11 = 10 → second pass
    // second pass (weights …, 1, 2): 1*1 + 9*2 = 19, mod 11 = 8
    expect(isValidLegalId('000000000198')).toBe(true);
    expect(isValidLegalId('000000000190')).toBe(false);
  });

  it('refuses anything but 12 digits', () => {
    for (const bad of ['', '99014000156', '9901400015600', '99014000156a', ' 990140001560']) {
      expect(isValidLegalId(bad)).toBe(false);
    }
  });

  it('completes 11 digits with their check digit', () => {
    const id = withCheckDigit('12345678901');
    expect(id).toMatch(/^12345678901[0-9]$/);
    expect(isValidLegalId(id!)).toBe(true);
  });
});
