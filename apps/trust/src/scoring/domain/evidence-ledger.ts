import type { TrustRole } from '@dx/contracts';
import { type Evidence, type PendingItem, type Dimension } from '@dx/trust-model';

/** A narrower read of a participant's evidence (the rows that can cap, say). */
export interface EvidenceFilter {
  dimension?: Dimension;
  /** Only negative outcomes (v < 0). */
  negative?: boolean;
  minWeight?: number;
  from?: Date;
  to?: Date;
  agreementId?: string;
}

/** A delivery the platform saw fulfilled: what a rating of it needs to know. */
export interface FulfilledDelivery {
  providerId: string;
  consumerId: string;
  agreementId: string;
  occurredAt: Date;
}

/**
 * The evidence ledger (append-only, keyed by event, participant, role and dimension) and the few
 * questions the use cases ask of it. `Tx` is the caller's transaction.
 */
export abstract class EvidenceLedger<Tx> {
  /** Appends rows; one already there is left alone. Returns the rows actually added. */
  abstract append(tx: Tx, rows: Evidence[]): Promise<Evidence[]>;
  /** A participant's evidence in a role (all, or what the filter names), oldest first. */
  abstract ofParticipant(
    tx: Tx,
    participantId: string,
    role: TrustRole,
    filter?: EvidenceFilter,
  ): Promise<Evidence[]>;
  /** Disputes open against a participant in a role: shown as pending, never counted (§8). */
  abstract pendingAllegations(
    tx: Tx,
    participantId: string,
    role: TrustRole,
  ): Promise<PendingItem[]>;
  abstract fulfilledDelivery(tx: Tx, deliveryId: string): Promise<FulfilledDelivery | null>;
  /**
   * The parties (in their role) of agreements in force at some time in [start, end) with no
   * confirmed integrity violation dated in it: who earns a clean month.
   */
  abstract cleanInMonth(
    tx: Tx,
    start: Date,
    end: Date,
  ): Promise<Array<{ participantId: string; role: TrustRole }>>;
}
