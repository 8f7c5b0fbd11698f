import { createHash } from 'node:crypto';
import { chainHash, firstBrokenLink, GENESIS, type AccessEntry } from './access-chain';

const entry = (seq: number, rows: number): AccessEntry => ({
  seq,
  agreementId: 'a',
  datasetId: 'd',
  providerId: 'p',
  consumerId: 'c',
  reader: 'c',
  purpose: 'urban-planning',
  filters: { limit: 50 },
  rows,
  at: `2026-03-0${seq}T00:00:00.000Z`,
});

function chain(n: number): Array<AccessEntry & { prevHash: string; hash: string }> {
  const out: Array<AccessEntry & { prevHash: string; hash: string }> = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const e = entry(i, i * 10);
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

// The chain as the README's "Auditing the access log" section and docs/adr/2026-12-04-production-security.md
// (decision 9) define it, so an auditor can recompute it with any RFC 8785 implementation.
describe('access-log chain', () => {
  it('hashes the previous hash followed by the entry in RFC 8785 canonical JSON', () => {
    const e = {
      ...entry(1, 3),
      purpose: 'Алматы: urban planning',
      filters: { '9': 'b', '10': 'a', z: 1.5 },
    };
    // Keys in UTF-16 order ("10" before "9"), no whitespace, non-ASCII as is, numbers as ECMAScript prints them.
    const jcs =
      '{"agreementId":"a","at":"2026-03-01T00:00:00.000Z","consumerId":"c","datasetId":"d",' +
      '"filters":{"10":"a","9":"b","z":1.5},"providerId":"p","purpose":"Алматы: urban planning",' +
      '"reader":"c","rows":3,"seq":1}';
    expect(chainHash(GENESIS, e)).toBe(
      createHash('sha256')
        .update(GENESIS + jcs)
        .digest('hex'),
    );
  });

  it('verifies an intact chain', () => {
    expect(firstBrokenLink(chain(5))).toBeNull();
  });

  it('names the first entry whose content was changed, and a removed entry', () => {
    const tampered = chain(5);
    tampered[2] = { ...tampered[2], rows: 9999 };
    expect(firstBrokenLink(tampered)).toEqual({
      seq: 3,
      reason: 'hash does not match the entry content',
    });
    const gap = chain(5);
    gap.splice(1, 1);
    expect(firstBrokenLink(gap)).toEqual({
      seq: 3,
      reason: 'prev_hash does not match the previous entry',
    });
  });
});
