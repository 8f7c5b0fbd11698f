import type {
  BenefitReportedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  ExitInterviewRecordedV1,
  ExitSurveyCompletedV1,
  RegulationChangedV1,
} from '@dx/contracts';

/** A dispute as resolving it needs it: its record and the agreement's two parties. */
export interface StoredDispute {
  id: string;
  agreementId: string;
  datasetId: string;
  openedBy: string;
  against: string;
  category: DisputeResolvedV1['category'];
  status: string;
  openedAt: Date;
  providerId: string;
  consumerId: string;
}

/**
 * Disputes, benefit reports, exit surveys and regulation changes: the governance records, each
 * stored as the event that announces it says. `Tx` is the caller's transaction.
 */
export abstract class GovernanceStore<Tx> {
  abstract addDispute(tx: Tx, d: DisputeOpenedV1): Promise<void>;
  /** Locks the dispute for resolving; null when there is none. */
  abstract lockDispute(tx: Tx, id: string): Promise<StoredDispute | null>;
  abstract resolveDispute(tx: Tx, d: DisputeResolvedV1): Promise<void>;
  abstract addBenefitReport(tx: Tx, r: BenefitReportedV1): Promise<void>;
  /** False when this party already answered for this agreement. */
  abstract addExitSurvey(tx: Tx, s: ExitSurveyCompletedV1): Promise<boolean>;
  /** False when this stakeholder of the participant has already been interviewed. */
  abstract addExitInterview(tx: Tx, i: ExitInterviewRecordedV1): Promise<boolean>;
  /** Whether the participant is a party of at least one agreement (in any state). */
  abstract isParty(tx: Tx, participantId: string): Promise<boolean>;
  /** False when the reference is already recorded. */
  abstract addRegulation(tx: Tx, r: RegulationChangedV1): Promise<boolean>;
}
