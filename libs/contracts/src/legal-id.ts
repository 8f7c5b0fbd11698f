/**
 * Kazakh BIN/IIN: 12 digits, the last a check digit. The check digit is the weighted sum of the
 * first 11 digits mod 11 with weights 1..11; if that gives 10, a second pass with weights
 * 3..11,1,2; if it is 10 again the number is invalid (such numbers are never issued).
 */
export function isValidLegalId(value: string): boolean {
  if (!/^[0-9]{12}$/.test(value)) return false;
  const d = [...value].map(Number);
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * d[i], 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check !== 10 && check === d[11];
}

/** Appends the check digit to 11 digits (synthetic demo ids and tests); null if none exists. */
export function withCheckDigit(first11: string): string | null {
  for (let c = 0; c <= 9; c++) if (isValidLegalId(`${first11}${c}`)) return `${first11}${c}`;
  return null;
}
