import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadTrustConfig } from './config/trust.config';
import { TrustHttpController } from './profiles/api/trust.http.controller';
import { CreatePriorProfilesHandler } from './profiles/application/create-prior-profiles.handler';
import { ApplyStandardsHandler } from './profiles/application/apply-standards.handler';
import { ParticipantEventsConsumer } from './profiles/messaging/participant-events.consumer';
import { RecordEvidenceHandler } from './scoring/application/record-evidence.handler';
import { TrustScorer } from './scoring/application/trust-scorer';
import { EvidenceEventsConsumer } from './scoring/messaging/evidence-events.consumer';
import { RatingsHttpController } from './scoring/api/ratings.http.controller';
import { SubmitRatingHandler } from './scoring/application/submit-rating.handler';
import { TrustReadHttpController } from './scoring/api/trust-read.http.controller';
import { ReadTrustHandler } from './scoring/application/read-trust.handler';
import { CreditCleanMonthsHandler } from './scoring/application/credit-clean-months.handler';
import { TrustScheduler } from './scoring/application/trust-scheduler';
import { PublishCommitmentHandler } from './scoring/application/publish-commitment.handler';
import { Rescorer } from './scoring/application/rescorer';
import { CommitmentCalculator } from './scoring/application/commitment-calculator';
import { AgreementReplica } from './scoring/domain/agreement-replica';
import { CommitmentStore } from './scoring/domain/commitment-store';
import { EvidenceLedger } from './scoring/domain/evidence-ledger';
import { RatingStore } from './scoring/domain/rating-store';
import { RescoreQueue } from './scoring/domain/rescore-queue';
import { ScoreStore } from './scoring/domain/score-store';
import { PgAgreementReplica } from './scoring/persistence/agreement-replica.pg';
import { PgCommitmentStore } from './scoring/persistence/commitment-store.pg';
import { PgEvidenceLedger } from './scoring/persistence/evidence-ledger.pg';
import { PgRatingStore } from './scoring/persistence/rating-store.pg';
import { PgRescoreQueue } from './scoring/persistence/rescore-queue.pg';
import { PgScoreStore } from './scoring/persistence/score-store.pg';
import { TrustReadQueries } from './scoring/queries/trust-read.queries';
import { ProfileStore } from './profiles/domain/profile-store';
import { PgProfileStore } from './profiles/persistence/profile-store.pg';
import { TrustProfileQueries } from './profiles/queries/trust-profile.queries';
import { GetTrustProfileHandler } from './profiles/application/get-trust-profile.handler';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'trust',
      config: loadTrustConfig(),
      consumers: [ParticipantEventsConsumer, EvidenceEventsConsumer],
    }),
  ],
  controllers: [TrustHttpController, RatingsHttpController, TrustReadHttpController],
  providers: [
    CreatePriorProfilesHandler,
    ApplyStandardsHandler,
    ParticipantEventsConsumer,
    TrustScorer,
    RecordEvidenceHandler,
    EvidenceEventsConsumer,
    SubmitRatingHandler,
    ReadTrustHandler,
    CreditCleanMonthsHandler,
    TrustScheduler,
    Rescorer,
    PublishCommitmentHandler,
    CommitmentCalculator,
    GetTrustProfileHandler,
    TrustReadQueries,
    TrustProfileQueries,
    // Ports bound to their PostgreSQL adapters (docs/adr/2026-12-05-persistence.md).
    { provide: EvidenceLedger, useClass: PgEvidenceLedger },
    { provide: ScoreStore, useClass: PgScoreStore },
    { provide: RescoreQueue, useClass: PgRescoreQueue },
    { provide: AgreementReplica, useClass: PgAgreementReplica },
    { provide: RatingStore, useClass: PgRatingStore },
    { provide: CommitmentStore, useClass: PgCommitmentStore },
    { provide: ProfileStore, useClass: PgProfileStore },
  ],
})
export class AppModule {}
