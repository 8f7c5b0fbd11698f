import type { Agreement, Transition } from './agreement';

export interface StoredTransition extends Transition {
  seq: number;
}

/**
 * Loads and stores the agreement aggregate (state, term versions, transitions). `Tx` is the
 * caller's transaction.
 */
export abstract class AgreementStore<Tx> {
  /** Loads with a row lock, so commands on one agreement serialise; throws not found. */
  abstract load(tx: Tx, id: string): Promise<Agreement>;
  /** Reads without a lock, with the transitions so far; null when there is none. */
  abstract find(
    tx: Tx,
    id: string,
  ): Promise<{ agreement: Agreement; transitions: StoredTransition[] } | null>;
  /** Writes the aggregate and its new transitions; `created` inserts instead of updating. */
  abstract save(tx: Tx, a: Agreement, created: boolean): Promise<void>;
  /** Agreements with a time transition due by `now`, locked (others' claims skipped). */
  abstract claimDue(tx: Tx, now: Date, limit: number): Promise<string[]>;
  abstract partiesOf(
    tx: Tx,
    id: string,
  ): Promise<{ id: string; providerId: string; consumerId: string } | null>;
}
