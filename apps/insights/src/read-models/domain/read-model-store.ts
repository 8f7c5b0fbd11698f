import type { Fact } from './fact';

/** What changed in the read models: how many events of which types, up to when. */
export interface ReadModelUpdate {
  events: number;
  types: string[];
  latest: string;
}

/**
 * The read models: every event as a fact, and the current state derived from them (participants,
 * datasets, agreements, trust scores, commitment indices). `Tx` is the caller's transaction.
 */
export abstract class ReadModelStore<Tx> {
  /** Adds facts; one already there (the same event) is left alone. */
  abstract addFacts(tx: Tx, facts: Fact[]): Promise<void>;
  /**
   * Moves the state tables forward from the named events' facts; each moves only forward (agreement
   * version, event time), so replays and out-of-order redeliveries keep the newest state.
   */
  abstract project(tx: Tx, eventIds: string[]): Promise<void>;
  /** Tells every replica's open streams, when the transaction commits. */
  abstract announce(tx: Tx, update: ReadModelUpdate): Promise<void>;
  /** Empties every read model (before a rebuild from the topics). */
  abstract clear(tx: Tx): Promise<void>;
}
