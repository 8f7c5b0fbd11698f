import type { Terms } from '../../agreements/domain/terms';

/** One scheduled delivery an agreement's provider owes. */
export interface Obligation {
  id: string;
  agreementId: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  sequence: number;
  dueAt: Date;
  graceUntil: Date;
  status: string;
  deliveryId: string | null;
  deliveredAt: Date | null;
  latenessSeconds: number | null;
}

/** An open obligation with the agreement's current terms (to plan the one after it). */
export type OpenObligation = Obligation & { terms: Terms };

/**
 * Delivery obligations: exactly one open (pending) per running agreement, resolved as fulfilled,
 * missed or cancelled. `Tx` is the caller's transaction.
 */
export abstract class ObligationStore<Tx> {
  /** Adds pending obligations, all in one statement. */
  abstract addMany(tx: Tx, obligations: Obligation[], createdAt: Date): Promise<void>;
  abstract cancelOpen(tx: Tx, agreementId: string, at: Date): Promise<void>;
  abstract hasOpen(tx: Tx, agreementId: string): Promise<boolean>;
  /** The highest sequence the agreement has had (0 for none). */
  abstract lastSequence(tx: Tx, agreementId: string): Promise<number>;
  /** Whether any open obligation's grace ended by then (a cheap check before claiming). */
  abstract anyGraceEnded(by: Date): Promise<boolean>;
  /** Open obligations whose grace ended by then, oldest first, locked (others' claims skipped). */
  abstract lockGraceEnded(tx: Tx, by: Date, limit: number): Promise<OpenObligation[]>;
  abstract markMissed(tx: Tx, ids: string[], at: Date): Promise<void>;
  /** Open obligations of the dataset's provider a delivery at `at` can still fulfil, locked. */
  abstract lockFulfillable(
    tx: Tx,
    datasetId: string,
    providerId: string,
    at: Date,
  ): Promise<OpenObligation[]>;
  abstract markFulfilled(
    tx: Tx,
    id: string,
    delivery: { deliveryId: string; deliveredAt: Date; latenessSeconds: number },
  ): Promise<void>;
}
