import type {
  AgreementEventV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  RecordsAccessedV1,
} from '@dx/contracts';

export interface AgreementParties {
  providerId: string;
  consumerId: string;
}

/**
 * What trust keeps of other services' facts for its rules: agreement parties and transitions
 * (dispute rules, commitment), open disputes (pending, never counted) and data uses.
 */
export abstract class AgreementReplica<Tx> {
  /** Version-guarded: an older event never overwrites a newer state. */
  abstract keepAgreement(tx: Tx, eventId: string, type: string, d: AgreementEventV1): Promise<void>;
  abstract keepDisputeOpened(tx: Tx, d: DisputeOpenedV1): Promise<void>;
  abstract keepDisputeResolved(tx: Tx, d: DisputeResolvedV1): Promise<void>;
  abstract keepDataUses(
    tx: Tx,
    uses: Array<{ eventId: string; use: RecordsAccessedV1 }>,
  ): Promise<void>;
  abstract partiesOf(tx: Tx, agreementIds: string[]): Promise<Map<string, AgreementParties>>;
}
