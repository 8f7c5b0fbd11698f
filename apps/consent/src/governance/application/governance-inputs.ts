import type { BenefitReportedV1 } from '@dx/contracts';
import type { ListQuery } from '@dx/service-kit';

/** What the governance use cases take; the API's DTOs implement these and validate them. */
export interface OpenDisputeInput {
  agreementId: string;
  category: string;
  description: string;
}

export interface ResolveDisputeInput {
  outcome: 'upheld' | 'dismissed' | 'amicable';
  /** The party at fault, required when upheld. */
  against?: string;
  resolution: string;
}

export interface ListDisputesInput extends ListQuery {
  agreementId?: string;
  status?: string;
}

export interface ExitSurveyInput {
  reasons: Array<{ construct: string; weight: number; note?: string }>;
  wouldWorkAgain: boolean;
}

export interface RecordRegulationInput {
  reference: string;
  title: string;
  effectiveAt: string;
  description?: string;
  url?: string;
}

/** The report as the event carries it, less what the platform fills in. */
export type BenefitReportInput = Pick<
  BenefitReportedV1,
  | 'kind'
  | 'periodFrom'
  | 'periodTo'
  | 'amountKzt'
  | 'hours'
  | 'count'
  | 'users'
  | 'viewId'
  | 'service'
  | 'description'
>;

/** A closing interview as the operator who held it enters it. */
export interface ExitInterviewInput {
  participantId: string;
  stakeholderRole: string;
  heldAt: string;
  ratings: Array<{ construct: string; score: number }>;
  positive: string[];
  negative: string[];
  notes?: string;
}
