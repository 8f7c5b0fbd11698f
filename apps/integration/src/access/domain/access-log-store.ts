import type { AccessEntry } from './access-chain';

/** An entry as stored: with the hash of the one before and its own. */
export type ChainedEntry = AccessEntry & { prevHash: string; hash: string };

/**
 * The hash-chained access log: one chain for the whole platform, appended under a lock so each
 * entry's previous hash is the entry before it. `Tx` is the caller's transaction.
 */
export abstract class AccessLogStore<Tx> {
  /** Takes the chain's lock for the rest of the transaction and returns its last link. */
  abstract lockTail(tx: Tx): Promise<{ seq: number; hash: string } | null>;
  abstract add(tx: Tx, entry: ChainedEntry): Promise<void>;
  /** Every entry in order, to verify the chain. */
  abstract all(): Promise<ChainedEntry[]>;
}
