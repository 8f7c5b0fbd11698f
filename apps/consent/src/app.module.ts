import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { AgreementsHttpController } from './agreements/api/agreements.http.controller';
import { AcceptTermsHandler } from './agreements/application/accept-terms.handler';
import { AdvanceDueAgreementsHandler } from './agreements/application/advance-due-agreements.handler';
import { AgreementScheduler } from './scheduling/agreement-scheduler';
import { GetAgreementHandler } from './agreements/application/get-agreement.handler';
import { GiveNoticeHandler } from './agreements/application/give-notice.handler';
import { ListAgreementsHandler } from './agreements/queries/list-agreements.query';
import { MakeOfferHandler } from './agreements/application/make-offer.handler';
import { ProposeChangeHandler } from './agreements/application/propose-change.handler';
import { PublicRegisterHandler } from './agreements/queries/public-register.query';
import { RejectAgreementHandler } from './agreements/application/reject-agreement.handler';
import { RequestAgreementHandler } from './agreements/application/request-agreement.handler';
import { ResumeAgreementHandler } from './agreements/application/resume-agreement.handler';
import { AgreementCommandRunner } from './agreements/application/run-agreement-command';
import { SuspendAgreementHandler } from './agreements/application/suspend-agreement.handler';
import { WithdrawAgreementHandler } from './agreements/application/withdraw-agreement.handler';
import { AgreementRepository } from './agreements/persistence/agreement.repository';
import { loadConsentConfig } from './config/consent.config';
import { ApplyDatasetEventHandler } from './datasets/application/apply-dataset-event.handler';
import { DatasetEventsConsumer } from './catalog-events/dataset-events.consumer';
import { DatasetReplica } from './datasets/persistence/dataset-replica';
import { ObligationsHttpController } from './obligations/api/obligations.http.controller';
import { DetectMissedDeliveriesHandler } from './obligations/application/detect-missed-deliveries.handler';
import { DELIVERY_WATERMARK } from './obligations/application/delivery-watermark';
import { KafkaDeliveryWatermark } from './obligations/messaging/kafka-delivery-watermark';
import { ListObligationsHandler } from './obligations/application/list-obligations.handler';
import { ObligationPlanner } from './obligations/application/obligation-planner';
import { AGREEMENT_FOLLOW_UP, REQUEST_DECIDER } from './agreements/application/ports';
import { RecordDeliveryHandler } from './obligations/application/record-delivery.handler';
import { DeliveryEventsConsumer } from './obligations/messaging/delivery-events.consumer';
import { ChangeNoticesHttpController } from './changes/api/change-notices.http.controller';
import { AnnounceChangeHandler } from './changes/application/announce-change.handler';
import { JudgeSchemaVersionHandler } from './changes/application/judge-schema-version.handler';
import { GovernanceHttpController } from './governance/api/governance.http.controller';
import { ListDisputesHandler } from './governance/application/list-disputes.handler';
import { ListRegulationsHandler } from './governance/application/list-regulations.handler';
import { OpenDisputeHandler } from './governance/application/open-dispute.handler';
import { RecordRegulationHandler } from './governance/application/record-regulation.handler';
import { ResolveDisputeHandler } from './governance/application/resolve-dispute.handler';
import { SubmitExitSurveyHandler } from './governance/application/submit-exit-survey.handler';
import { ReportBenefitHandler } from './governance/application/report-benefit.handler';
import { RecordExitInterviewHandler } from './governance/application/record-exit-interview.handler';
import { DecisionPoliciesHttpController } from './policies/api/decision-policies.http.controller';
import { OffersHttpController } from './policies/api/offers.http.controller';
import { GetStandardTermsHandler } from './policies/application/get-standard-terms.handler';
import { ListOffersHandler } from './policies/application/list-offers.handler';
import { SetStandardTermsHandler } from './policies/application/set-standard-terms.handler';
import { StandardTermsStore } from './policies/domain/standard-terms-store';
import { PgStandardTermsStore } from './policies/persistence/standard-terms-store.pg';
import { ApplyDecisionPolicy } from './policies/application/apply-decision-policy';
import { ListPolicyDecisionsHandler } from './policies/application/list-policy-decisions.handler';
import { SetDecisionPolicyHandler } from './policies/application/set-decision-policy.handler';
import { TrustTiersConsumer } from './policies/messaging/trust-tiers.consumer';
import { SubjectConsentsHttpController } from './subject-consents/api/subject-consents.http.controller';
import { ExpireSubjectConsentsHandler } from './subject-consents/application/expire-subject-consents.handler';
import { ListSubjectConsentsHandler } from './subject-consents/application/list-subject-consents.handler';
import { RecordSubjectConsentHandler } from './subject-consents/application/record-subject-consent.handler';
import { RequestErasureHandler } from './subject-consents/application/request-erasure.handler';
import { ObligationStore } from './obligations/domain/obligation-store';
import { PgObligationStore } from './obligations/persistence/obligation-store.pg';
import { ObligationQueries } from './obligations/queries/obligation.queries';
import { PolicyStore } from './policies/domain/policy-store';
import { PgPolicyStore } from './policies/persistence/policy-store.pg';
import { PolicyDecisionsQuery } from './policies/queries/policy-decisions.query';
import { AgreementStore } from './agreements/domain/agreement-store';
import { ReciprocalLinkCheck } from './agreements/application/reciprocal-link';
import { ChangeNoticeStore } from './changes/domain/change-notice-store';
import { PgChangeNoticeStore } from './changes/persistence/change-notice-store.pg';
import { GovernanceStore } from './governance/domain/governance-store';
import { PgGovernanceStore } from './governance/persistence/governance-store.pg';
import { GovernanceQueries } from './governance/queries/governance.queries';
import { SubjectConsentStore } from './subject-consents/domain/subject-consent-store';
import { PgSubjectConsentStore } from './subject-consents/persistence/subject-consent-store.pg';
import { SubjectConsentQueries } from './subject-consents/queries/subject-consent.queries';

/**
 * The consent service: agreements and their life, the commitment ledger (obligations, change
 * notices), subject consents, governance and auto-decision policies. Its consumers keep a dataset
 * replica (catalog), turn deliveries into fulfilled obligations (integration) and keep the trust
 * tiers its decision policies read (trust).
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'consent',
      config: loadConsentConfig(),
      consumers: [DatasetEventsConsumer, DeliveryEventsConsumer, TrustTiersConsumer],
    }),
  ],
  controllers: [
    AgreementsHttpController,
    ObligationsHttpController,
    ChangeNoticesHttpController,
    SubjectConsentsHttpController,
    GovernanceHttpController,
    DecisionPoliciesHttpController,
    OffersHttpController,
  ],
  providers: [
    // Ports bound to their PostgreSQL adapters (docs/adr/2026-12-05-persistence.md).
    { provide: GovernanceStore, useClass: PgGovernanceStore },
    GovernanceQueries,
    { provide: SubjectConsentStore, useClass: PgSubjectConsentStore },
    SubjectConsentQueries,
    { provide: ObligationStore, useClass: PgObligationStore },
    ObligationQueries,
    { provide: PolicyStore, useClass: PgPolicyStore },
    { provide: StandardTermsStore, useClass: PgStandardTermsStore },
    PolicyDecisionsQuery,
    { provide: AgreementStore, useClass: AgreementRepository },
    ReciprocalLinkCheck,
    { provide: ChangeNoticeStore, useClass: PgChangeNoticeStore },
    AgreementCommandRunner,
    RequestAgreementHandler,
    MakeOfferHandler,
    AcceptTermsHandler,
    RejectAgreementHandler,
    WithdrawAgreementHandler,
    SuspendAgreementHandler,
    ResumeAgreementHandler,
    GiveNoticeHandler,
    ProposeChangeHandler,
    GetAgreementHandler,
    ListAgreementsHandler,
    PublicRegisterHandler,
    AdvanceDueAgreementsHandler,
    AgreementScheduler,
    DatasetReplica,
    ApplyDatasetEventHandler,
    DatasetEventsConsumer,
    ObligationPlanner,
    // The agreements module reaches obligations and policies only through the ports it declares
    // (application/ports.ts), bound here: module dependencies stay one way (npm run deps).
    { provide: AGREEMENT_FOLLOW_UP, useExisting: ObligationPlanner },
    DetectMissedDeliveriesHandler,
    // "Missed" is declared only once every delivery published before the deadline was consumed:
    // the watermark asks Kafka how far the group has read (ADR operability-under-failure §7).
    { provide: DELIVERY_WATERMARK, useClass: KafkaDeliveryWatermark },
    RecordDeliveryHandler,
    DeliveryEventsConsumer,
    ListObligationsHandler,
    AnnounceChangeHandler,
    JudgeSchemaVersionHandler,
    RecordSubjectConsentHandler,
    RequestErasureHandler,
    ExpireSubjectConsentsHandler,
    ListSubjectConsentsHandler,
    OpenDisputeHandler,
    ResolveDisputeHandler,
    ListDisputesHandler,
    SubmitExitSurveyHandler,
    ReportBenefitHandler,
    RecordExitInterviewHandler,
    RecordRegulationHandler,
    ListRegulationsHandler,
    ApplyDecisionPolicy,
    { provide: REQUEST_DECIDER, useExisting: ApplyDecisionPolicy },
    SetDecisionPolicyHandler,
    SetStandardTermsHandler,
    GetStandardTermsHandler,
    ListOffersHandler,
    ListPolicyDecisionsHandler,
    TrustTiersConsumer,
  ],
})
export class AppModule {}
