import type { Negotiation } from './negotiation';

/** Negotiations; `Tx` is the caller's transaction. */
export abstract class NegotiationStore<Tx> {
  abstract insert(tx: Tx, n: Negotiation): Promise<void>;
  /** Saves a changed negotiation if nobody changed it meanwhile (its version); false otherwise. */
  abstract save(tx: Tx, n: Negotiation, expectedVersion: number): Promise<boolean>;
  abstract byProviderPid(
    tx: Tx,
    providerPid: string,
    forUpdate?: boolean,
  ): Promise<Negotiation | null>;
  abstract byConsumerPid(
    tx: Tx,
    consumerId: string,
    consumerPid: string,
  ): Promise<Negotiation | null>;
  abstract byAgreement(
    tx: Tx,
    agreementId: string,
    forUpdate?: boolean,
  ): Promise<Negotiation | null>;
}
