import type { Transfer } from './transfer';

/** Transfer processes; `Tx` is the caller's transaction. */
export abstract class TransferStore<Tx> {
  abstract insert(tx: Tx, t: Transfer): Promise<void>;
  /** Saves a changed transfer if nobody changed it meanwhile (its version); false otherwise. */
  abstract save(tx: Tx, t: Transfer, expectedVersion: number): Promise<boolean>;
  abstract byProviderPid(
    tx: Tx,
    providerPid: string,
    forUpdate?: boolean,
  ): Promise<Transfer | null>;
  /** The unfinished transfers under an agreement, locked for the caller's transaction. */
  abstract liveUnderAgreement(tx: Tx, agreementId: string): Promise<Transfer[]>;
  abstract byConsumerPid(tx: Tx, consumerId: string, consumerPid: string): Promise<Transfer | null>;
}
