import { createHmac } from 'node:crypto';

/** What a pseudonym stands for: relationship, participant, dataset, view, interview. */
export type PseudonymKind = 'r' | 'p' | 'd' | 'v' | 'i';
export type Pseudonymise = (kind: PseudonymKind, id: string) => string;

/**
 * Pseudonyms for the research exports: a keyed hash (HMAC-SHA-256) of the id, so the same
 * participant has the same pseudonym in every export made with the key, and nobody without the key
 * can link it back (docs/research.md §9).
 */
export function pseudonymiser(key: string): Pseudonymise {
  return (kind, id) => `${kind}-${createHmac('sha256', key).update(id).digest('hex').slice(0, 12)}`;
}
