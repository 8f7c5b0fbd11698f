import type { AgreementEventV1, SubjectConsentEventV1 } from '@dx/contracts';

/**
 * What integration keeps of the consent service's decisions, which governed reads check: each
 * agreement's state, parties, purpose, agreed fields and freshness (of the terms in force), and
 * each subject's consent per dataset and purpose. Newer facts win, so events may arrive again or
 * late. `Tx` is the caller's transaction.
 */
export abstract class ConsentReplica<Tx> {
  abstract keepAgreement(tx: Tx, event: AgreementEventV1): Promise<void>;
  abstract keepSubjectConsent(tx: Tx, event: SubjectConsentEventV1): Promise<void>;
  /** The freshness (ISO 8601 durations) agreed by the dataset's running agreements. */
  abstract freshnessAgreed(tx: Tx, datasetId: string): Promise<string[]>;
}
