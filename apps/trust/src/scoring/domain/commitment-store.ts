import type { CommitmentInputs } from '@dx/trust-model';

/**
 * The commitment index's inputs from the replicas trust keeps, and the fingerprint of what was
 * last published per participant.
 */
export abstract class CommitmentStore<Tx> {
  /** Null when the participant is unknown here. */
  abstract inputs(
    tx: Tx,
    participantId: string,
    at: Date,
  ): Promise<(Omit<CommitmentInputs, 'sharedValues'> & { standards: string[] }) | null>;
  /** Records the fingerprint; false when it is what was published last (nothing to publish). */
  abstract markPublished(
    tx: Tx,
    participantId: string,
    index: number,
    fingerprint: string,
    at: Date,
  ): Promise<boolean>;
  abstract participants(): Promise<string[]>;
}
