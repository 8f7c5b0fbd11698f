import { Module } from '@nestjs/common';
import { PlatformModule } from '@dx/service-kit';
import { loadTrustConfig } from './config/trust.config';
import { trustEntities } from './database/data-source';
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

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'trust',
      config: loadTrustConfig(),
      entities: trustEntities,
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
  ],
})
export class AppModule {}
