import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The content of one access-log entry that its hash covers. */
export interface AccessEntry {
  seq: number;
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  reader: string;
  purpose: string;
  filters: Record<string, unknown>;
  rows: number;
  at: string;
}

export const GENESIS = '0'.repeat(64);

/**
 * hash_n = SHA-256(hash_{n-1} ‖ JCS(entry n)), hex, where JCS is the JSON Canonicalization Scheme
 * (RFC 8785): changing any entry breaks every later link, and an auditor recomputes the chain from
 * an export with any RFC 8785 implementation or, for these entries, `jq -cS` and `sha256sum`
 * (tools/audit/verify-access-log.sh, README "Auditing the access log").
 */
export function chainHash(prevHash: string, entry: AccessEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalize(entry)!).digest('hex');
}

/** Recomputes a chain; returns the first entry whose stored link does not hold, or null. */
export function firstBrokenLink(
  entries: Array<AccessEntry & { prevHash: string; hash: string }>,
): { seq: number; reason: string } | null {
  let prev = GENESIS;
  for (const e of entries) {
    const { prevHash, hash, ...content } = e;
    if (prevHash !== prev)
      return { seq: e.seq, reason: 'prev_hash does not match the previous entry' };
    if (chainHash(prevHash, content) !== hash)
      return { seq: e.seq, reason: 'hash does not match the entry content' };
    prev = hash;
  }
  return null;
}
