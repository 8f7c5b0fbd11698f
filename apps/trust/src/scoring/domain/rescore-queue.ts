import type { TrustRole } from '@dx/contracts';

export interface QueuedRescore {
  participantId: string;
  role: TrustRole;
  causeEventId: string | null;
}

/** A claimed entry; `generation` tells whether it was queued again while being rescored. */
export interface ClaimedRescore extends QueuedRescore {
  generation: string;
}

/**
 * Participants and roles waiting to be rescored, one entry each however much evidence arrived.
 * Claims are leases taken in their own short transaction, so replicas share the queue and a crash
 * leaves the entries to be claimed again.
 */
export abstract class RescoreQueue<Tx> {
  abstract enqueue(tx: Tx, entries: QueuedRescore[]): Promise<void>;
  /**
   * Entries due: no evidence for `quietMs`, or waiting for `maxWaitMs` since the first evidence
   * after the last rescoring (a steady stream is rescored at least that often).
   */
  abstract claim(
    limit: number,
    due: { quietMs: number; maxWaitMs: number },
    leaseSeconds: number,
  ): Promise<ClaimedRescore[]>;
  /** Removes what the rescoring covered; an entry queued again meanwhile stays, claimable. */
  abstract complete(tx: Tx, claimed: ClaimedRescore[]): Promise<void>;
  /** Gives a claim back at once (after a failed rescoring). */
  abstract release(claimed: ClaimedRescore[]): Promise<void>;
}
