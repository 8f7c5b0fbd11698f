/** A subject's consent for one dataset and purpose (the record's key). */
export interface ConsentKey {
  subjectId: string;
  datasetId: string;
  purpose: string;
}

/** The consent record as it stood before this command, locked. */
export interface LockedConsent {
  id: string;
  /** Null when the record was created by this command. */
  previousStatus: string | null;
  previousExpiresAt: Date | null;
}

export interface DueExpiry extends ConsentKey {
  id: string;
  providerId: string;
  expiresAt: Date;
}

export interface ConsentChange {
  status: string;
  expiresAt: Date | null;
  recordedBy: string;
  at: Date;
}

export interface HistoryEntry {
  status: string;
  previousStatus: string | null;
  recordedBy: string;
  evidence?: string | null;
  at: Date;
}

export interface ErasureRequest {
  requestId: string;
  subjectId: string;
  datasetId: string;
  providerId: string;
  requestedBy: string;
  reference: string | null;
  at: Date;
}

/**
 * Subject consents with their history, and erasure requests. `Tx` is the caller's transaction.
 */
export abstract class SubjectConsentStore<Tx> {
  /**
   * Locks the record, creating it with `initial` when there is none (a concurrent first record
   * that wins the insert is locked and returned instead).
   */
  abstract lockOrCreate(
    tx: Tx,
    key: ConsentKey,
    initial: ConsentChange & { providerId: string },
  ): Promise<LockedConsent>;
  abstract update(tx: Tx, id: string, change: ConsentChange): Promise<void>;
  /** Appends the next entry of the record's history. */
  abstract addHistory(tx: Tx, id: string, entry: HistoryEntry): Promise<void>;
  /** The record's status becomes expired (who recorded it last stays). */
  abstract markExpired(tx: Tx, id: string, at: Date): Promise<void>;
  /** Given consents past their expiry, oldest first, locked (others' claims skipped). */
  abstract lockDueExpiries(tx: Tx, now: Date, limit: number): Promise<DueExpiry[]>;
  abstract addErasureRequest(tx: Tx, r: ErasureRequest): Promise<void>;
}
